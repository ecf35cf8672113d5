// Excel.ChartCollection and Chart (title, legend, axes with titles, data labels), stored for inspection.
// Nothing is drawn: renderSheetHtml shows a placeholder box at the chart's position.
import { cellName } from "../a1";
import { ClientCollection, ClientObj, defineNavs, defineScalars, type ScalarSpec } from "../client";
import { fail } from "../errors";
import { sameName } from "../names";
import type { ChartModel, SheetModel } from "../sheet";
import { RangeProxy, rangeArg } from "./range";
import { WorksheetProxy } from "./worksheet";

const CHART_TYPES =
  "ColumnClustered ColumnStacked ColumnStacked100 3DColumnClustered 3DColumnStacked 3DColumnStacked100 BarClustered BarStacked BarStacked100 3DBarClustered 3DBarStacked 3DBarStacked100 LineStacked LineStacked100 LineMarkers LineMarkersStacked LineMarkersStacked100 PieOfPie PieExploded 3DPieExploded BarOfPie XYScatterSmooth XYScatterSmoothNoMarkers XYScatterLines XYScatterLinesNoMarkers AreaStacked AreaStacked100 3DAreaStacked 3DAreaStacked100 DoughnutExploded RadarMarkers RadarFilled Surface SurfaceWireframe SurfaceTopView SurfaceTopViewWireframe Bubble Bubble3DEffect StockHLC StockOHLC StockVHLC StockVOHLC CylinderColClustered CylinderColStacked CylinderColStacked100 CylinderBarClustered CylinderBarStacked CylinderBarStacked100 CylinderCol ConeColClustered ConeColStacked ConeColStacked100 ConeBarClustered ConeBarStacked ConeBarStacked100 ConeCol PyramidColClustered PyramidColStacked PyramidColStacked100 PyramidBarClustered PyramidBarStacked PyramidBarStacked100 PyramidCol 3DColumn Line 3DLine 3DPie Pie XYScatter 3DArea Area Doughnut Radar Histogram Boxwhisker Pareto RegionMap Treemap Waterfall".split(
    " ",
  );

interface ChartRef {
  sheet: SheetModel;
  chart: ChartModel;
  alive: () => boolean;
}
interface BagRef {
  sheet: SheetModel;
  bag: Record<string, unknown>;
  alive: () => boolean;
}

const chartRef = (sheet: SheetModel, chart: ChartModel): ChartRef => ({
  sheet,
  chart,
  alive: () => sheet.charts.includes(chart),
});

function bagProps(names: Record<string, unknown>): Record<string, ScalarSpec> {
  const out: Record<string, ScalarSpec> = {};
  for (const [name, fallback] of Object.entries(names)) {
    out[name] = {
      get: (b: BagRef) => b.bag[name] ?? fallback,
      set: (b: BagRef, v) => {
        if (fallback !== null && typeof v !== typeof fallback)
          fail("InvalidArgument", `${name} ${JSON.stringify(v)}`);
        b.bag[name] = v;
      },
    };
  }
  return out;
}

const sub =
  (pick: (c: ChartModel) => Record<string, unknown>) =>
  (c: ChartRef): BagRef => ({
    sheet: c.sheet,
    bag: pick(c.chart),
    alive: c.alive,
  });

function child(bag: Record<string, unknown>, key: string): Record<string, unknown> {
  let next = bag[key] as Record<string, unknown> | undefined;
  if (!next) {
    next = {};
    bag[key] = next;
  }
  return next;
}

export class ChartFontProxy extends ClientObj {
  static override typeName = "ChartFont";
}
defineScalars(
  ChartFontProxy,
  bagProps({ name: "Calibri", size: 14, bold: false, italic: false, color: "#595959", underline: "None" }),
);

export class ChartTitleFormatProxy extends ClientObj {
  static override typeName = "ChartTitleFormat";
}
defineNavs(ChartTitleFormatProxy, {
  font: { cls: () => ChartFontProxy, resolve: (b: BagRef) => ({ ...b, bag: child(b.bag, "font") }) },
});

export class ChartTitleProxy extends ClientObj {
  static override typeName = "ChartTitle";
}
defineScalars(
  ChartTitleProxy,
  bagProps({ text: "", visible: true, overlay: false, position: "Automatic", horizontalAlignment: "Center" }),
);
defineNavs(ChartTitleProxy, {
  format: {
    cls: () => ChartTitleFormatProxy,
    resolve: (b: BagRef) => ({ ...b, bag: child(b.bag, "format") }),
  },
});

export class ChartLegendProxy extends ClientObj {
  static override typeName = "ChartLegend";
}
defineScalars(ChartLegendProxy, bagProps({ position: "Right", visible: true, overlay: false }));

export class ChartDataLabelsProxy extends ClientObj {
  static override typeName = "ChartDataLabels";
}
defineScalars(
  ChartDataLabelsProxy,
  bagProps({
    showValue: false,
    showCategoryName: false,
    showSeriesName: false,
    showPercentage: false,
    showLegendKey: false,
    position: "BestFit",
    numberFormat: "General",
  }),
);

export class ChartAxisTitleProxy extends ClientObj {
  static override typeName = "ChartAxisTitle";
}
defineScalars(ChartAxisTitleProxy, bagProps({ text: "", visible: false }));

export class ChartAxisProxy extends ClientObj {
  static override typeName = "ChartAxis";
}
defineScalars(
  ChartAxisProxy,
  bagProps({
    visible: true,
    minimum: null,
    maximum: null,
    majorUnit: null,
    numberFormat: "General",
    displayUnit: "None",
  }),
);
defineNavs(ChartAxisProxy, {
  title: { cls: () => ChartAxisTitleProxy, resolve: (b: BagRef) => ({ ...b, bag: child(b.bag, "title") }) },
});

export class ChartAxesProxy extends ClientObj {
  static override typeName = "ChartAxes";
  getItem(type: string): ChartAxisProxy {
    return this._child(ChartAxisProxy, "GetItem", [type], (_rt, c: ChartRef, [t]: string[]) => {
      if (t === "Category") return sub((m) => m.axes.categoryAxis)(c);
      if (t === "Value") return sub((m) => m.axes.valueAxis)(c);
      return fail("InvalidArgument", `axis type "${String(t)}"`);
    });
  }
}
defineNavs(ChartAxesProxy, {
  categoryAxis: { cls: () => ChartAxisProxy, resolve: sub((m) => m.axes.categoryAxis) },
  valueAxis: { cls: () => ChartAxisProxy, resolve: sub((m) => m.axes.valueAxis) },
});

export class ChartProxy extends ClientObj {
  static override typeName = "Chart";

  setPosition(startCell: RangeProxy | string, endCell?: RangeProxy | string): void {
    this._invoke("SetPosition", [startCell, endCell ?? null], (rt, c: ChartRef, [a, b]: unknown[]) => {
      const start = rangeArg(rt, a, c.sheet, "setPosition").rect;
      const end = b === null || b === undefined ? undefined : rangeArg(rt, b, c.sheet, "setPosition").rect;
      c.chart.position = {
        startCell: cellName(start.r0, start.c0),
        ...(end ? { endCell: cellName(end.r1, end.c1) } : {}),
      };
    });
  }
  setData(sourceData: RangeProxy | string, seriesBy = "Auto"): void {
    this._invoke("SetData", [sourceData, seriesBy], (rt, c: ChartRef, [a, s]: unknown[]) => {
      c.chart.source = rangeArg(rt, a, c.sheet, "setData").rect;
      c.chart.seriesBy = String(s);
    });
  }
  delete(): void {
    this._invoke("Delete", [], (_rt, c: ChartRef) => {
      c.sheet.charts = c.sheet.charts.filter((x) => x !== c.chart);
    });
  }
  activate(): void {
    this._invoke("Activate", [], () => undefined);
  }
}

defineScalars(ChartProxy, {
  id: { api: "1.7", get: (c: ChartRef) => c.chart.id },
  name: {
    get: (c: ChartRef) => c.chart.name,
    set: (c: ChartRef, v) => {
      if (typeof v !== "string" || v === "") fail("InvalidArgument", "chart name");
      c.chart.name = v;
    },
  },
  chartType: {
    api: "1.7",
    get: (c: ChartRef) => c.chart.chartType,
    set: (c: ChartRef, v) => {
      if (!CHART_TYPES.includes(String(v))) fail("InvalidArgument", `chart type "${String(v)}"`);
      c.chart.chartType = String(v);
    },
  },
  top: { get: (c: ChartRef) => c.chart.top, set: (c: ChartRef, v) => (c.chart.top = Number(v)) },
  left: { get: (c: ChartRef) => c.chart.left, set: (c: ChartRef, v) => (c.chart.left = Number(v)) },
  width: { get: (c: ChartRef) => c.chart.width, set: (c: ChartRef, v) => (c.chart.width = Number(v)) },
  height: { get: (c: ChartRef) => c.chart.height, set: (c: ChartRef, v) => (c.chart.height = Number(v)) },
});
defineNavs(ChartProxy, {
  title: { cls: () => ChartTitleProxy, resolve: sub((m) => m.title) },
  legend: { cls: () => ChartLegendProxy, resolve: sub((m) => m.legend) },
  dataLabels: { cls: () => ChartDataLabelsProxy, resolve: sub((m) => m.dataLabels) },
  axes: { cls: () => ChartAxesProxy, resolve: (c: ChartRef) => c },
  worksheet: { cls: () => WorksheetProxy, resolve: (c: ChartRef) => c.sheet, api: "1.2" },
});

export class ChartCollectionProxy extends ClientCollection {
  static override typeName = "ChartCollection";
  static collectionScalars = ["count"];
  static get itemClass() {
    return ChartProxy;
  }
  static listItems = (s: SheetModel) => s.charts.map((c) => ({ key: c.id, entity: chartRef(s, c) }));

  add(type: string, sourceData: RangeProxy | string, seriesBy = "Auto"): ChartProxy {
    return this._child(
      ChartProxy,
      "Add",
      [type, sourceData, seriesBy],
      (rt, s: SheetModel, [t, src, by]: unknown[]) => {
        if (!CHART_TYPES.includes(String(t))) fail("InvalidArgument", `chart type "${String(t)}"`);
        if (!["Auto", "Columns", "Rows"].includes(String(by)))
          fail("InvalidArgument", `seriesBy "${String(by)}"`);
        const source = rangeArg(rt, src, s, "charts.add").rect;
        const { id, name } = s.wb.nextChartId();
        const chart: ChartModel = {
          id,
          name,
          chartType: String(t),
          source,
          seriesBy: String(by),
          top: 0,
          left: 0,
          width: 360,
          height: 216,
          position: {},
          title: {},
          legend: {},
          dataLabels: {},
          axes: { categoryAxis: {}, valueAxis: {} },
        };
        s.charts.push(chart);
        return chartRef(s, chart);
      },
    );
  }
  getItem(name: string): ChartProxy {
    return this._child(ChartProxy, "GetItem", [name], (_rt, s: SheetModel, [n]: string[]) => {
      const chart = s.charts.find((c) => sameName(c.name, String(n)));
      return chart ? chartRef(s, chart) : fail("ItemNotFound", `no chart "${String(n)}"`);
    });
  }
  getItemOrNullObject(name: string): ChartProxy {
    return this._child(
      ChartProxy,
      "GetItemOrNullObject",
      [name],
      (_rt, s: SheetModel, [n]: string[]) => {
        const chart = s.charts.find((c) => sameName(c.name, String(n)));
        return chart ? chartRef(s, chart) : null;
      },
      { orNull: true },
    );
  }
  getItemAt(index: number): ChartProxy {
    return this._child(ChartProxy, "GetItemAt", [index], (_rt, s: SheetModel, [i]: number[]) => {
      const chart = s.charts[i ?? -1];
      return chart ? chartRef(s, chart) : fail("ItemNotFound", `chart ${String(i)}`);
    });
  }
  getCount() {
    return this._result("GetCount", [], (_rt, s: SheetModel) => s.charts.length);
  }
}
defineScalars(ChartCollectionProxy, { count: { get: (s: SheetModel) => s.charts.length } });
