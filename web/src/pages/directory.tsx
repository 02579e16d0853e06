import { useState } from "react";
import { currentSession, get } from "../api";
import { ErrorNote, Page, useLoad } from "../ui";

interface Agency {
  ori: string;
  name: string;
  state: string;
  createdAt: string;
  disabledAt: string | null;
  fieldOffice: string | null;
}
interface Office {
  code: string;
  kind: string;
  name: string;
  city: string;
  state: string | null;
  country: string;
  ori: string;
  areaOfResponsibility: string[];
}

export function DirectoryPage() {
  const role = currentSession()?.role;
  const seesAgencies = role === "admin" || role === "supervisor" || role === "technician" || role === "agent";
  const agencies = useLoad(
    () =>
      seesAgencies ? get<{ agencies: Agency[] }>("/api/v1/agencies") : Promise.resolve({ agencies: [] }),
    [seesAgencies],
  );
  const offices = useLoad(() => get<{ offices: Office[] }>("/api/v1/field-offices"), []);
  const [filter, setFilter] = useState("");
  const match = (text: string) => text.toLowerCase().includes(filter.trim().toLowerCase());
  return (
    <Page
      title="Agencies and field offices"
      actions={
        <label className="inline">
          Filter{" "}
          <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name, ORI, state" />
        </label>
      }
    >
      {seesAgencies ? (
        <section aria-labelledby="agencies-title">
          <h2 id="agencies-title">Agencies</h2>
          <ErrorNote error={agencies.error} />
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">ORI</th>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Field office</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {(agencies.data?.agencies ?? [])
                .filter((a) => match(`${a.ori} ${a.name} ${a.state}`))
                .map((a) => (
                  <tr key={a.ori}>
                    <td>{a.ori}</td>
                    <td>{a.name}</td>
                    <td>{a.state}</td>
                    <td>{a.fieldOffice ?? "—"}</td>
                    <td>{a.disabledAt ? "disabled" : "active"}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section aria-labelledby="offices-title">
        <h2 id="offices-title">Field offices</h2>
        <ErrorNote error={offices.error} />
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">ORI</th>
              <th scope="col">Area of responsibility</th>
            </tr>
          </thead>
          <tbody>
            {(offices.data?.offices ?? [])
              .filter((o) => match(`${o.code} ${o.name} ${o.city} ${o.areaOfResponsibility.join(" ")}`))
              .map((o) => (
                <tr key={o.code}>
                  <td>{o.code}</td>
                  <td>
                    {o.name}{" "}
                    <span className="muted">
                      ({o.city}, {o.state ?? o.country})
                    </span>
                  </td>
                  <td>{o.kind.toLowerCase()}</td>
                  <td>{o.ori}</td>
                  <td>{o.areaOfResponsibility.join(", ") || "—"}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
    </Page>
  );
}
