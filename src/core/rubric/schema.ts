// The rubric file format, validated with zod when a rubric is loaded.
// Patterns are a small language of their own (see README, "Rubric format"):
// no regular expressions, so an uploaded rubric cannot make matching slower
// than linear in the answer.
import { z } from "zod";

export const LEVELS = ["weak", "strong", "senior"] as const;
export type Level = (typeof LEVELS)[number];

export const CONCEPT_KINDS = ["core", "senior", "weak-move"] as const;
export type ConceptKind = (typeof CONCEPT_KINDS)[number];

const Text = z.string().trim().min(1, "must not be empty");
const PatternText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters");

const Tolerance = z.union([
  z.number().min(0).max(1),
  z
    .string()
    .regex(/^\d{1,2}(\.\d+)?%$/, 'must be a fraction such as 0.1 or a percentage such as "10%"'),
]);

export interface NumberPatternSource {
  number: number | [number, number];
  unit?: string;
  tolerance?: number | string;
  /** false: an answer's number with no unit never matches (by default it is compared as written). */
  bare?: boolean;
}

export type PatternSource =
  | string
  | { any: PatternSource[] }
  | { all: PatternSource[]; within?: number | "sentence" | "answer"; ordered?: boolean; sentence?: boolean }
  | { near: string; within?: number; ordered?: boolean; sentence?: boolean }
  | NumberPatternSource;

const NumberPattern = z
  .object({
    number: z.union([z.number().finite(), z.tuple([z.number().finite(), z.number().finite()])]),
    unit: z.string().trim().min(1).optional(),
    tolerance: Tolerance.optional(),
    bare: z.boolean().optional(),
  })
  .strict();

export const PatternSchema: z.ZodType<PatternSource> = z.lazy(() =>
  z.union([
    PatternText,
    z.object({ any: z.array(PatternSchema).min(1, "needs at least one pattern").max(50) }).strict(),
    z
      .object({
        all: z.array(PatternSchema).min(2, "needs at least two patterns").max(8),
        within: z.union([z.number().int().min(1).max(50), z.enum(["sentence", "answer"])]).optional(),
        ordered: z.boolean().optional(),
        sentence: z.boolean().optional(),
      })
      .strict(),
    z
      .object({
        near: PatternText,
        within: z.number().int().min(1).max(50).optional(),
        ordered: z.boolean().optional(),
        sentence: z.boolean().optional(),
      })
      .strict(),
    NumberPattern,
  ]),
);

export const ConceptSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes"),
    label: Text,
    kind: z.enum(CONCEPT_KINDS),
    /** Zero only for a weak move that costs nothing of itself and only voids credit (see `unless`). */
    weight: z.number().min(0).max(10).default(1),
    feedback: Text,
    patterns: z.array(PatternSchema).min(1, "needs at least one pattern").max(100),
    /**
     * Ids of concepts of the same round whose match cancels this one. For a
     * weak move, core or senior concepts that excuse it ("Redis can take it"
     * after the arithmetic is done is not the weak move "not a concern, with no
     * numbers"); for a core or senior concept, weak moves that void it (a
     * memory estimate built on a wrong size per entry is no sizing).
     */
    unless: z.array(z.string().min(1)).min(1).max(20).optional(),
  })
  .strict();

export const RoundSchema = z
  .object({
    number: z.number().int().min(1).max(99),
    key: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be lower-case letters, digits and dashes"),
    title: Text,
    question: Text,
    thresholds: z
      .object({
        strong: z.number().positive(),
        senior: z.number().positive(),
      })
      .strict(),
    concepts: z.array(ConceptSchema).min(1),
  })
  .strict();

export const ExampleSchema = z
  .object({
    round: z.number().int().min(1),
    level: z.enum(LEVELS),
    answer: Text,
    note: z.string().optional(),
  })
  .strict();

export const RubricSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes"),
    title: Text,
    version: z.union([z.number().int().positive(), z.string().trim().min(1)]).transform(String),
    description: z.string().optional(),
    synonyms: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_-]*$/, "synonym names are lower-case letters, digits, _ and -"),
        z.array(PatternSchema).min(1),
      )
      .default({}),
    rounds: z.array(RoundSchema).min(1),
    examples: z.array(ExampleSchema).default([]),
  })
  .strict();

export type RubricSource = z.input<typeof RubricSchema>;
export type Rubric = z.output<typeof RubricSchema>;
export type RoundDef = z.output<typeof RoundSchema>;
export type ConceptDef = z.output<typeof ConceptSchema>;
