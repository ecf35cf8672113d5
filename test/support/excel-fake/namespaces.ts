// The Excel and OfficeExtension globals: Excel.run, Excel.RequestContext, Excel.ErrorCodes and the string enums
// the add-in may use; OfficeExtension.Error (what sync() rejects with), ClientResult, ErrorCodes.
import { ClientObj, FakeClientResult } from "./client";
import { FakeRequestContext, runBatch } from "./context";
import { ExcelErrorCodes, FakeOfficeError, OfficeExtensionErrorCodes } from "./errors";
import type { FakeHost } from "./host";

function enumOf(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const key = /^\d/.test(v) ? `_${v}` : v.charAt(0).toLowerCase() + v.slice(1);
    out[key] = v;
  }
  return out;
}

const CHART_TYPES =
  "ColumnClustered ColumnStacked ColumnStacked100 BarClustered BarStacked BarStacked100 Line LineStacked LineStacked100 LineMarkers LineMarkersStacked LineMarkersStacked100 Pie PieExploded Doughnut DoughnutExploded Area AreaStacked AreaStacked100 XYScatter XYScatterLines XYScatterSmooth Radar RadarMarkers RadarFilled Bubble Histogram Pareto Waterfall Treemap 3DColumn 3DColumnClustered 3DBarClustered 3DPie 3DLine 3DArea".split(
    " ",
  );

export function createExcelNamespace(host: FakeHost) {
  class RequestContext extends FakeRequestContext {
    constructor() {
      super(host);
    }
  }
  return {
    run: (...args: unknown[]) => runBatch(host, args),
    RequestContext,
    ErrorCodes: ExcelErrorCodes,
    SheetVisibility: enumOf(["Visible", "Hidden", "VeryHidden"]),
    DeleteShiftDirection: enumOf(["Up", "Left"]),
    InsertShiftDirection: enumOf(["Down", "Right"]),
    ClearApplyTo: enumOf(["All", "Formats", "Contents", "Hyperlinks", "RemoveHyperlinks", "ResetContents"]),
    BorderIndex: enumOf([
      "EdgeTop",
      "EdgeBottom",
      "EdgeLeft",
      "EdgeRight",
      "InsideVertical",
      "InsideHorizontal",
      "DiagonalDown",
      "DiagonalUp",
    ]),
    BorderLineStyle: enumOf([
      "None",
      "Continuous",
      "Dash",
      "DashDot",
      "DashDotDot",
      "Dot",
      "Double",
      "SlantDashDot",
    ]),
    BorderWeight: enumOf(["Hairline", "Thin", "Medium", "Thick"]),
    HorizontalAlignment: enumOf([
      "General",
      "Left",
      "Center",
      "Right",
      "Fill",
      "Justify",
      "CenterAcrossSelection",
      "Distributed",
    ]),
    VerticalAlignment: enumOf(["Top", "Center", "Bottom", "Justify", "Distributed"]),
    RangeUnderlineStyle: enumOf(["None", "Single", "Double", "SingleAccountant", "DoubleAccountant"]),
    ConditionalFormatType: enumOf([
      "Custom",
      "DataBar",
      "ColorScale",
      "IconSet",
      "TopBottom",
      "PresetCriteria",
      "ContainsText",
      "CellValue",
    ]),
    ConditionalCellValueOperator: enumOf([
      "Invalid",
      "Between",
      "NotBetween",
      "EqualTo",
      "NotEqualTo",
      "GreaterThan",
      "LessThan",
      "GreaterThanOrEqual",
      "LessThanOrEqual",
    ]),
    ConditionalTextOperator: enumOf(["Invalid", "Contains", "NotContains", "BeginsWith", "EndsWith"]),
    DataValidationType: enumOf([
      "None",
      "WholeNumber",
      "Decimal",
      "List",
      "Date",
      "Time",
      "TextLength",
      "Custom",
      "Inconsistent",
      "MixedCriteria",
    ]),
    DataValidationOperator: enumOf([
      "Between",
      "NotBetween",
      "EqualTo",
      "NotEqualTo",
      "GreaterThan",
      "LessThan",
      "GreaterThanOrEqualTo",
      "LessThanOrEqualTo",
    ]),
    DataValidationAlertStyle: enumOf(["Stop", "Warning", "Information"]),
    ChartType: enumOf(CHART_TYPES),
    ChartSeriesBy: enumOf(["Auto", "Columns", "Rows"]),
    ChartLegendPosition: enumOf(["Invalid", "Top", "Bottom", "Left", "Right", "Corner", "Custom"]),
    ChartAxisType: enumOf(["Invalid", "Category", "Value", "Series"]),
    PageOrientation: enumOf(["Portrait", "Landscape"]),
    PaperType: enumOf([
      "Letter",
      "LetterSmall",
      "Tabloid",
      "Ledger",
      "Legal",
      "Statement",
      "Executive",
      "A3",
      "A4",
      "A4Small",
      "A5",
      "B4",
      "B5",
    ]),
    PrintMarginUnit: enumOf(["Points", "Inches", "Centimeters"]),
    PrintOrder: enumOf(["DownThenOver", "OverThenDown"]),
    PrintComments: enumOf(["NoComments", "EndSheet", "InPlace"]),
    PrintErrorType: enumOf(["AsDisplayed", "Blank", "Dash", "NotAvailable"]),
    HeaderFooterState: enumOf(["Default", "FirstAndDefault", "OddAndEven", "FirstOddAndEven"]),
    RangeValueType: enumOf([
      "Unknown",
      "Empty",
      "String",
      "Integer",
      "Double",
      "Boolean",
      "Error",
      "RichValue",
    ]),
    EventType: enumOf(["WorksheetChanged", "WorksheetSelectionChanged", "TableChanged", "SelectionChanged"]),
    DataChangeType: enumOf([
      "Unknown",
      "RangeEdited",
      "RowInserted",
      "RowDeleted",
      "ColumnInserted",
      "ColumnDeleted",
      "CellInserted",
      "CellDeleted",
    ]),
    EventSource: enumOf(["Local", "Remote"]),
    EventTriggerSource: enumOf(["Unknown", "ThisLocalAddin"]),
    CalculationMode: enumOf(["Automatic", "AutomaticExceptTables", "Manual"]),
    CalculationType: enumOf(["Recalculate", "Full", "FullRebuild"]),
  };
}

export function createOfficeExtensionNamespace() {
  return {
    Error: FakeOfficeError,
    ErrorCodes: OfficeExtensionErrorCodes,
    ClientResult: FakeClientResult,
    ClientObject: ClientObj,
    ClientRequestContext: FakeRequestContext,
    config: { extendedErrorLogging: false },
    Promise,
  };
}
