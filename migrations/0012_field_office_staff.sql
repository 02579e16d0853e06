-- Field-office staff: a user tied to a field office sees only the traffic of its area of
-- responsibility (agencies in the states the office covers). NULL: national (the support centre).
ALTER TABLE staff_user ADD COLUMN field_office text REFERENCES field_office(code);
