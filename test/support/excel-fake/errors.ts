// OfficeExtension.Error as Office.js builds it (name "RichApi.Error", code, debugInfo, traceMessages) and the
// error codes the fake raises. Code must branch on `code`; messages are the English host messages.

/** Excel.ErrorCodes (the subset the fake raises, plus the rest of the enum for completeness). */
export const ExcelErrorCodes = {
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  conflict: "Conflict",
  generalException: "GeneralException",
  insertDeleteConflict: "InsertDeleteConflict",
  invalidArgument: "InvalidArgument",
  invalidBinding: "InvalidBinding",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidSelection: "InvalidSelection",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  mergedRangeConflict: "MergedRangeConflict",
  nonBlankCellOffSheet: "NonBlankCellOffSheet",
  notImplemented: "NotImplemented",
  rangeExceedsLimit: "RangeExceedsLimit",
  requestAborted: "RequestAborted",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  unsupportedOperation: "UnsupportedOperation",
  invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
} as const;

/** OfficeExtension.ErrorCodes (client-side codes). */
export const OfficeExtensionErrorCodes = {
  accessDenied: "AccessDenied",
  generalException: "GeneralException",
  activityLimitReached: "ActivityLimitReached",
  invalidObjectPath: "InvalidObjectPath",
  propertyNotLoaded: "PropertyNotLoaded",
  valueNotLoaded: "ValueNotLoaded",
  invalidRequestContext: "InvalidRequestContext",
  invalidArgument: "InvalidArgument",
  runMustReturnPromise: "RunMustReturnPromise",
  cannotRegisterEvent: "CannotRegisterEvent",
  apiNotFound: "ApiNotFound",
  connectionFailure: "ConnectionFailure",
} as const;

/** Not in Excel.ErrorCodes but returned by Excel on the web for an oversized request. */
export const REQUEST_PAYLOAD_TOO_LARGE = "RequestPayloadSizeLimitExceeded";

const MESSAGES: Record<string, string> = {
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  ItemNotFound: "The requested resource doesn't exist.",
  ItemAlreadyExists: "The resource being created already exists.",
  InvalidOperation: "The operation attempted is invalid on the object.",
  GeneralException: "There was an internal error while processing the request.",
  PropertyNotLoaded:
    "The property '{0}' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.",
  ValueNotLoaded:
    'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
  InvalidOperationInCellEditMode:
    "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.",
  RequestPayloadSizeLimitExceeded: "The request payload size has exceeded the limit.",
  ResponsePayloadSizeLimitExceeded: "The response payload size has exceeded the limit.",
  RangeExceedsLimit: "The cell count in the range has exceeded the maximum supported number.",
  ApiNotFound:
    "The API you are trying to use could not be found. It may be available in a newer version of Excel.",
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation.',
  InsertDeleteConflict: "The insert or delete operation attempted resulted in a conflict.",
  NonBlankCellOffSheet:
    "Microsoft Excel can't insert new cells because it would push non-empty cells off the end of the worksheet.",
  MergedRangeConflict:
    "Cannot complete the operation. A merged cell cannot overlap with another merged cell.",
  InvalidObjectPath: "The object path isn't working for what you're trying to do.",
};

export interface DebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
  surroundingStatements?: string[];
  fullStatements?: string[];
  innerError?: unknown;
}

/** The class exposed as OfficeExtension.Error: `instanceof OfficeExtension.Error` works on what sync() rejects with. */
export class FakeOfficeError extends Error {
  code: string;
  debugInfo: DebugInfo;
  traceMessages: string[] = [];
  innerError: unknown = null;
  httpStatusCode: number;

  constructor(code: string, message?: string, errorLocation?: string) {
    const text = message ?? MESSAGES[code] ?? code;
    super(text);
    Object.setPrototypeOf(this, FakeOfficeError.prototype);
    this.name = "RichApi.Error";
    this.code = code;
    this.httpStatusCode = code === "InvalidArgument" ? 400 : code === "ItemNotFound" ? 404 : 500;
    this.debugInfo = { code, message: text, ...(errorLocation ? { errorLocation } : {}) };
  }

  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

/** Throws an Excel error; `detail` (English, for people reading test failures) is appended to the host message. */
export function fail(code: string, detail?: string, location?: string): never {
  const base = MESSAGES[code] ?? code;
  throw new FakeOfficeError(code, detail ? `${base} (${detail})` : base, location);
}

export function propertyNotLoaded(typeName: string, property: string): FakeOfficeError {
  return new FakeOfficeError(
    "PropertyNotLoaded",
    (MESSAGES.PropertyNotLoaded ?? "").replace("{0}", property),
    `${typeName}.${property}`,
  );
}

/** Thrown for something real Excel supports but the fake deliberately does not model. */
export class NotModelledError extends Error {
  constructor(what: string) {
    super(`excel-fake: ${what} is not modelled by the fake (see test/support/excel-fake/README.md)`);
    this.name = "NotModelledError";
  }
}
