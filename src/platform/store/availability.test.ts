import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { isStoreUnavailable, loggableError } from "./availability.js";

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("store availability", () => {
  it("tells an outage (restart, failover, lost connection) from a bug, through the query error's causes", () => {
    const query = (cause: Error) => new DrizzleQueryError("select 1 where name = $1", ["GARCIA"], cause);
    assert.equal(
      isStoreUnavailable(query(pgError("57P01", "terminating connection due to administrator command"))),
      true,
    );
    assert.equal(
      isStoreUnavailable(query(pgError("25006", "cannot execute INSERT in a read-only transaction"))),
      true,
    );
    assert.equal(isStoreUnavailable(query(pgError("08006", "connection failure"))), true);
    assert.equal(isStoreUnavailable(pgError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5433")), true);
    assert.equal(isStoreUnavailable(query(new Error("Connection terminated unexpectedly"))), true);
    assert.equal(
      isStoreUnavailable(query(pgError("23505", "duplicate key value violates unique constraint"))),
      false,
    );
    assert.equal(isStoreUnavailable(new TypeError("x is undefined")), false);
  });

  it("logs the cause's code and message, never the query text or its parameters", () => {
    const error = new DrizzleQueryError(
      "select 1 where name = $1",
      ["GARCIA"],
      pgError("57P01", "terminating"),
    );
    assert.equal(loggableError(error), "57P01: terminating");
    assert.doesNotMatch(loggableError(error), /GARCIA|select/);
  });
});
