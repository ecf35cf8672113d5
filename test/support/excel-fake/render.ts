// renderSheetHtml: a sheet's used range (or an address / the print area) as an HTML <table> with merged cells
// as rowspan/colspan, fonts, fills, borders, alignment, column widths and row heights in points, formatted
// text, conditional formats and an approximation of table styles; charts as labelled boxes. Meant for
// screenshots of generated sheets in Chromium, not for pixel fidelity with Excel.
import { formatRect, parseAddress, rect, type Rect } from "./a1";
import { appliedConditionalFormat } from "./cf-eval";
import type { BorderSpec } from "./formats";
import { formatValue } from "./numfmt";
import type { SheetModel } from "./sheet";
import type { TableModel } from "./workbook";

export interface RenderOptions {
  /** Render this A1 range instead of the used range. */
  address?: string;
  /** Render the print area (when set) instead of the used range. */
  printArea?: boolean;
  /** Draw light grey gridlines as Excel's grid shows (default: the sheet's printGridlines setting, i.e. off). */
  gridlines?: boolean;
}

const escape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function borderCss(b: BorderSpec): string {
  if (b.style === "None") return "";
  const width = b.weight === "Thick" ? 3 : b.weight === "Medium" ? 2 : 1;
  const style =
    b.style === "Double"
      ? "double"
      : b.style === "Dot"
        ? "dotted"
        : b.style.startsWith("Dash") || b.style === "SlantDashDot"
          ? "dashed"
          : "solid";
  return `${b.style === "Double" ? 3 : width}px ${style} ${b.color}`;
}

interface TableLook {
  fill?: string;
  color?: string;
  bold?: boolean;
  borderBottom?: string;
}

/** A rough look of Excel's built-in table styles (header and banded rows). */
function tableLook(t: TableModel, row: number): TableLook {
  const style = t.style;
  if (!style) return {};
  const header = row === t.rect.r0;
  const band = t.showBandedRows && (row - t.rect.r0) % 2 === 1;
  if (style.startsWith("TableStyleLight")) {
    return header ? { bold: true, borderBottom: "1px solid #4472C4" } : band ? { fill: "#D9E1F2" } : {};
  }
  if (style.startsWith("TableStyleDark")) {
    return header
      ? { fill: "#000000", color: "#FFFFFF", bold: true }
      : band
        ? { fill: "#404040", color: "#FFFFFF" }
        : { fill: "#595959", color: "#FFFFFF" };
  }
  return header ? { fill: "#4472C4", color: "#FFFFFF", bold: true } : band ? { fill: "#D9E1F2" } : {};
}

export function renderSheetHtml(sheet: SheetModel, options: RenderOptions = {}): string {
  let area: Rect | null = null;
  if (options.address) area = parseAddress(options.address).rect;
  else if (options.printArea && sheet.printArea?.[0]) {
    area = sheet.printArea.reduce((a, r) => ({
      r0: Math.min(a.r0, r.r0),
      c0: Math.min(a.c0, r.c0),
      r1: Math.max(a.r1, r.r1),
      c1: Math.max(a.c1, r.c1),
    }));
  } else area = sheet.usedRect(false);
  const gridlines = options.gridlines ?? sheet.pageLayout.printGridlines;
  const attrs = `class="excel-fake-sheet" data-sheet="${escape(sheet.name)}"`;
  if (!area) return `<div ${attrs}><table style="border-collapse:collapse"></table></div>`;
  const cols: number[] = [];
  for (let c = area.c0; c <= area.c1; c++) if (!sheet.hiddenCols.has(c)) cols.push(c);
  const rowsList: number[] = [];
  for (let r = area.r0; r <= area.r1; r++) if (!sheet.hiddenRows.has(r)) rowsList.push(r);
  const tables = sheet.tables();
  const width = cols.reduce((w, c) => w + sheet.columnWidth(c), 0);
  const out: string[] = [];
  out.push(`<div ${attrs} data-address="${formatRect(area)}">`);
  out.push(
    `<table style="border-collapse:collapse;table-layout:fixed;width:${width}pt;font-family:'${escape(String(sheet.fmt("fontName", area.r0, area.c0)))}',sans-serif">`,
  );
  out.push("<colgroup>");
  for (const c of cols) out.push(`<col style="width:${sheet.columnWidth(c)}pt">`);
  out.push("</colgroup><tbody>");
  for (const row of rowsList) {
    out.push(`<tr style="height:${sheet.rowHeight(row)}pt">`);
    for (const col of cols) {
      const merge = sheet.mergeAt(row, col);
      if (merge && (merge.r0 !== row || merge.c0 !== col)) {
        // Covered by a merge whose top-left is outside the rendered area: draw the cell itself.
        const topLeftShown =
          merge.r0 >= area.r0 &&
          merge.c0 >= area.c0 &&
          !sheet.hiddenRows.has(merge.r0) &&
          !sheet.hiddenCols.has(merge.c0);
        if (topLeftShown) continue;
      }
      let rowspan = 1;
      let colspan = 1;
      if (merge && merge.r0 === row && merge.c0 === col) {
        rowspan = rowsList.filter((r) => r >= merge.r0 && r <= Math.min(merge.r1, area.r1)).length;
        colspan = cols.filter((c) => c >= merge.c0 && c <= Math.min(merge.c1, area.c1)).length;
      }
      const cf = appliedConditionalFormat(sheet, row, col);
      const table = tables.find(
        (t) => row >= t.rect.r0 && row <= t.rect.r1 && col >= t.rect.c0 && col <= t.rect.c1,
      );
      const look = table ? tableLook(table, row) : {};
      const value = sheet.valueAt(row, col);
      const numberFormat = cf?.numberFormat ?? (sheet.fmt("numberFormat", row, col) as string);
      const text = formatValue(value, numberFormat);
      const fill =
        cf?.fillColor ??
        (sheet.fmt("fillColor", row, col) !== "none"
          ? (sheet.fmt("fillColor", row, col) as string)
          : look.fill);
      const explicitColor = sheet.fmt("fontColor", row, col) as string;
      const color =
        cf?.fontColor ?? (explicitColor !== "#000000" ? explicitColor : (look.color ?? explicitColor));
      const bold = cf?.bold ?? ((sheet.fmt("fontBold", row, col) as boolean) || Boolean(look.bold));
      let align = sheet.fmt("horizontalAlignment", row, col) as string;
      if (align === "General")
        align = typeof value === "number" ? "right" : typeof value === "boolean" ? "center" : "left";
      if (align === "CenterAcrossSelection" || align === "Distributed") align = "center";
      const valign =
        ({ Top: "top", Center: "middle", Bottom: "bottom" } as Record<string, string>)[
          sheet.fmt("verticalAlignment", row, col) as string
        ] ?? "bottom";
      const wrap = sheet.fmt("wrapText", row, col) as boolean;
      const underline = (sheet.fmt("fontUnderline", row, col) as string) !== "None";
      const strike = sheet.fmt("fontStrikethrough", row, col) as boolean;
      const lastRow = merge && rowspan > 1 ? merge.r1 : row;
      const lastCol = merge && colspan > 1 ? merge.c1 : col;
      const css = [
        `font-family:'${escape(String(sheet.fmt("fontName", row, col)))}'`,
        `font-size:${sheet.fmt("fontSize", row, col) as number}pt`,
        bold ? "font-weight:bold" : "",
        (cf?.italic ?? (sheet.fmt("fontItalic", row, col) as boolean)) ? "font-style:italic" : "",
        underline || strike
          ? `text-decoration:${[underline ? "underline" : "", strike ? "line-through" : ""].filter(Boolean).join(" ")}`
          : "",
        `color:${color}`,
        fill ? `background-color:${fill}` : "",
        `text-align:${align.toLowerCase()}`,
        `vertical-align:${valign}`,
        wrap ? "white-space:pre-wrap;word-break:break-all" : "white-space:nowrap",
        "overflow:hidden",
        "padding:0 2pt",
      ];
      const sides: Array<["top" | "bottom" | "left" | "right", string]> = [
        ["top", borderCss(sheet.border(row, col, "Top"))],
        ["bottom", borderCss(sheet.border(lastRow, col, "Bottom"))],
        ["left", borderCss(sheet.border(row, col, "Left"))],
        ["right", borderCss(sheet.border(row, lastCol, "Right"))],
      ];
      for (const [side, value] of sides) {
        if (value) css.push(`border-${side}:${value}`);
        else if (side === "bottom" && look.borderBottom) css.push(`border-bottom:${look.borderBottom}`);
        else if (gridlines) css.push(`border-${side}:1px solid #D4D4D4`);
      }
      const span = `${rowspan > 1 ? ` rowspan="${rowspan}"` : ""}${colspan > 1 ? ` colspan="${colspan}"` : ""}`;
      const addr = formatRect(rect(row, col));
      out.push(
        `<td data-cell="${addr}"${span} style="${css.filter(Boolean).join(";")}">${escape(text)}</td>`,
      );
    }
    out.push("</tr>");
  }
  out.push("</tbody></table>");
  for (const chart of sheet.charts) {
    const title = typeof chart.title.text === "string" ? chart.title.text : chart.name;
    out.push(
      `<div class="excel-fake-chart" data-chart="${escape(chart.name)}" style="margin-top:8pt;border:1px solid #BFBFBF;width:${chart.width}pt;height:${chart.height}pt;display:flex;align-items:center;justify-content:center;font-family:sans-serif">${escape(`${title} (${chart.chartType}: ${formatRect(chart.source)})`)}</div>`,
    );
  }
  out.push("</div>");
  return out.join("");
}
