export { compileRubric, findRound, RubricError } from "./rubric/compile.js";
export type { CompiledRubric, CompiledRound, CompiledConcept, PhraseTable, PhraseWord, RubricIssue } from "./rubric/compile.js";
export { parseRubric, formatPath } from "./rubric/parse.js";
export { RubricSchema, LEVELS, CONCEPT_KINDS } from "./rubric/schema.js";
export type { Rubric, Level, ConceptKind } from "./rubric/schema.js";
export { score, DEFAULT_MAX_ANSWER_LENGTH } from "./scoring/score.js";
export { compactResult, expandResult, isCompactResult } from "./scoring/compact.js";
export type { CompactResult } from "./scoring/compact.js";
export type { ScoreResult, ConceptResult, Evidence, Flag, FlagCode, MissingConcept, ScoreOptions } from "./scoring/score.js";
