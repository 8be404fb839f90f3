export { DataValidator, type DataCounts, type DataValidatorOptions } from "./data-validator.ts";
export { DATA_ACCEPTED, DATA_REJECT_REASONS, type DataCheck, type DataRejection, type DataRejectReason } from "./rejection.ts";
export { RollingWindow } from "./rolling-window.ts";
export { barShapeProblem, quoteProblem, type Problem, type Quote } from "./shape.ts";
