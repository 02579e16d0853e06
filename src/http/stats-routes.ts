import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { detainerStats } from "../detainers/index.js";
import { hitStats } from "../hits/index.js";
import { dailyInquiries, fiscalYearOf, fiscalYearRange, fiscalYearStats } from "../inquiries/index.js";
import { tipStats } from "../intake/index.js";
import type { HttpContext } from "../platform/http/index.js";

/** The inquiries-per-day series stops at the end of today: the rest of the year has not happened. */
function dailyUntil(now: Date, yearEnd: Date): Date {
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  return tomorrow < yearEnd ? tomorrow : yearEnd;
}

/** `GET /api/v1/stats?fiscalYear=YYYY`: the support centre's figures, from every desk. */
export function statsRoutes(app: FastifyInstance, context: HttpContext): void {
  app.get<{ Querystring: { fiscalYear?: string } }>(
    "/api/v1/stats",
    {
      schema: {
        summary:
          "Figures by fiscal year (October to September; FY2027 ends 2027-09-30), with `daily`: inquiries received per UTC day up to today and how many were answered in their SLA",
        tags: ["stats"],
        security: [{ staffSession: [] }],
        querystring: Type.Object(
          { fiscalYear: Type.Optional(Type.String({ pattern: "^(19|20|21)[0-9]{2}$" })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const year =
        request.query.fiscalYear === undefined
          ? fiscalYearOf(context.clock.now())
          : Number(request.query.fiscalYear);
      const { from, to } = fiscalYearRange(year);
      return {
        ...(await fiscalYearStats(context.store.db, year)),
        hitConfirmations: await hitStats(context.store.db, from, to),
        detainers: await detainerStats(context.store.db, from, to),
        tips: await tipStats(context.store.db, from, to),
        daily: await dailyInquiries(context.store.db, from, dailyUntil(context.clock.now(), to)),
      };
    },
  );
}
