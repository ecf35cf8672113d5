// Browser entry: bundle this file (IIFE) and serve it in place of office.js (e.g. Playwright
// page.route("https://appsforoffice.microsoft.com/lib/1/hosted/office.js", …)). It installs Excel, Office and
// OfficeExtension on window before the task pane's own script runs, and exposes the fake as
// window.__excelFake for page.evaluate (inspection, user simulation, renderSheetHtml).
// Options can be given beforehand as window.__excelFakeOptions (e.g. through page.addInitScript).
import { createExcelFake, installExcelFake, type ExcelFakeOptions } from "./index";

const scope = globalThis as unknown as Record<string, unknown>;
const options = (scope.__excelFakeOptions ?? {}) as ExcelFakeOptions;
const fake = createExcelFake(options);
installExcelFake(fake, scope);
scope.__excelFake = fake;
