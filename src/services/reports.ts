// Candidate and cohort views over stored gradings, always within one organisation.
import { LEVELS, type Level } from "../core/index.js";
import type { Db } from "../db/client.js";
import { ApiError } from "./errors.js";
import type { LoadedRubric } from "./rubric-registry.js";
import { resultOf } from "./stored-score.js";

export const OVERALL_RULE =
  "The overall level is the median of the final (reviewed, else automatic) classification over all of the rubric's rounds, a round without a grading counting as below weak: senior when more than half of the rounds are senior; strong when more than half are strong or senior; otherwise weak.";

export interface RoundReport {
  round: number;
  key: string;
  title: string;
  grading: null | {
    id: string;
    classification: Level;
    reviewedClassification: Level | null;
    finalClassification: Level;
    score: number;
    maxScore: number;
    missing: { id: string; label: string; feedback: string }[];
    createdAt: string;
  };
}

export interface CandidateReport {
  candidate: string;
  rubric: { id: string; version: string };
  rounds: RoundReport[];
  overall: { level: Level; gradedRounds: number; totalRounds: number; rule: string };
}

/** The median rule of OVERALL_RULE. */
export function overallLevel(finals: (Level | null)[]): Level {
  const reach = (l: Level): number => finals.filter((f) => f !== null && LEVELS.indexOf(f) >= LEVELS.indexOf(l)).length;
  if (reach("senior") * 2 > finals.length) return "senior";
  if (reach("strong") * 2 > finals.length) return "strong";
  return "weak";
}

export function candidateReport(db: Db, organisationId: string, candidate: string, rubric: LoadedRubric): CandidateReport {
  const cand = db.$client
    .prepare<[string, string], { id: string }>("select id from candidates where organisation_id = ? and external_id = ?")
    .get(organisationId, candidate);
  if (!cand) throw new ApiError("not-found", `No candidate "${candidate}".`);
  const latest = db.$client.prepare<
    [string, string, string, number],
    {
      id: string;
      classification: Level;
      reviewed_classification: Level | null;
      score: number;
      max_score: number;
      result: string;
      created_at: number;
      rubric_version_id: number;
      round: number;
      answer: string;
    }
  >(
    `select id, classification, reviewed_classification, score, max_score, result, created_at, rubric_version_id, round, answer from gradings
     where organisation_id = ? and candidate_id = ? and rubric_id = ? and round = ? order by created_at desc, id desc limit 1`,
  );
  const rounds: RoundReport[] = rubric.compiled.rounds.map((r) => {
    const g = latest.get(organisationId, cand.id, rubric.compiled.id, r.number);
    if (!g) return { round: r.number, key: r.key, title: r.title, grading: null };
    const result = resultOf(db, { rubricVersionId: g.rubric_version_id, round: g.round, answer: g.answer, result: g.result });
    return {
      round: r.number,
      key: r.key,
      title: r.title,
      grading: {
        id: g.id,
        classification: g.classification,
        reviewedClassification: g.reviewed_classification,
        finalClassification: g.reviewed_classification ?? g.classification,
        score: g.score,
        maxScore: g.max_score,
        missing: result.missing.map((m) => ({ id: m.id, label: m.label, feedback: m.feedback })),
        createdAt: new Date(g.created_at).toISOString(),
      },
    };
  });
  const finals = rounds.map((r) => r.grading?.finalClassification ?? null);
  return {
    candidate,
    rubric: { id: rubric.compiled.id, version: rubric.compiled.version },
    rounds,
    overall: { level: overallLevel(finals), gradedRounds: finals.filter((f) => f !== null).length, totalRounds: finals.length, rule: OVERALL_RULE },
  };
}

export interface RoundStats {
  round: number;
  key: string;
  total: number;
  classifications: Record<Level, number>;
  mostMissed: { id: string; label: string; count: number }[];
}

export function rubricStats(db: Db, organisationId: string, rubric: LoadedRubric, batchId?: string): { rubric: string; batch: string | null; rounds: RoundStats[] } {
  if (batchId !== undefined) {
    const owned = db.$client.prepare("select 1 from batches where id = ? and organisation_id = ? and status != 'uploading'").get(batchId, organisationId);
    if (!owned) throw new ApiError("not-found", `No batch with id "${batchId}".`);
  }
  const scope = batchId === undefined ? "" : " and g.id in (select grading_id from batch_items where batch_id = @batch and grading_id is not null)";
  const params = { org: organisationId, rubric: rubric.compiled.id, batch: batchId ?? null };
  const counts = db.$client
    .prepare<typeof params, { round: number; level: Level; n: number }>(
      `select g.round, coalesce(g.reviewed_classification, g.classification) as level, count(*) as n from gradings g
       where g.organisation_id = @org and g.rubric_id = @rubric${scope} group by g.round, level`,
    )
    .all(params);
  const missed = db.$client
    .prepare<typeof params, { round: number; concept: string; n: number }>(
      // Compact results list missing ids; results stored before that list objects with an id.
      `select g.round, case when j.type = 'object' then json_extract(j.value, '$.id') else j.value end as concept, count(*) as n
       from gradings g, json_each(g.result, '$.missing') j
       where g.organisation_id = @org and g.rubric_id = @rubric${scope} group by g.round, concept order by g.round, n desc, concept`,
    )
    .all(params);
  return {
    rubric: rubric.compiled.id,
    batch: batchId ?? null,
    rounds: rubric.compiled.rounds.map((r) => {
      const classifications: Record<Level, number> = { weak: 0, strong: 0, senior: 0 };
      for (const c of counts) if (c.round === r.number) classifications[c.level] += c.n;
      const labels = new Map(r.concepts.map((c) => [c.id, c.label]));
      return {
        round: r.number,
        key: r.key,
        total: classifications.weak + classifications.strong + classifications.senior,
        classifications,
        mostMissed: missed
          .filter((m) => m.round === r.number)
          .slice(0, 5)
          .map((m) => ({ id: m.concept, label: labels.get(m.concept) ?? m.concept, count: m.n })),
      };
    }),
  };
}
