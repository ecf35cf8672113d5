// The Office namespace the add-in touches: onReady, context.requirements.isSetSupported, officeTheme,
// diagnostics, and context.document.settings (get/set/remove in memory; saveAsync persists with the document;
// a reload keeps only what was saved).
import type { FakeHost } from "./host";

export interface OfficeTheme {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
  controlBackgroundColor: string;
  controlForegroundColor: string;
}

export interface AsyncResult<T> {
  status: "succeeded" | "failed";
  value: T;
  error?: { code: number; name: string; message: string };
  asyncContext?: unknown;
}

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export function createOffice(
  host: FakeHost,
  options: { theme: OfficeTheme; platform: string; displayLanguage: string },
) {
  const settings = {
    get(name: string): unknown {
      const v = host.wb.docSettings[name];
      return v === undefined ? null : clone(v);
    },
    set(name: string, value: unknown): void {
      if (typeof name !== "string" || name === "")
        throw new Error("Office settings: the name must be a non-empty string");
      host.wb.docSettings[name] = clone(value);
    },
    remove(name: string): void {
      delete host.wb.docSettings[name];
    },
    saveAsync(optionsOrCallback?: unknown, maybeCallback?: (result: AsyncResult<void>) => void): void {
      const callback =
        typeof optionsOrCallback === "function"
          ? (optionsOrCallback as (r: AsyncResult<void>) => void)
          : maybeCallback;
      const asyncContext =
        typeof optionsOrCallback === "object" && optionsOrCallback
          ? (optionsOrCallback as { asyncContext?: unknown }).asyncContext
          : undefined;
      host.wb.docSettingsSaved = clone(host.wb.docSettings);
      queueMicrotask(() => callback?.({ status: "succeeded", value: undefined, asyncContext }));
    },
    refreshAsync(callback?: (result: AsyncResult<unknown>) => void): void {
      host.wb.docSettings = clone(host.wb.docSettingsSaved);
      queueMicrotask(() => callback?.({ status: "succeeded", value: settings }));
    },
    addHandlerAsync(_type: unknown, _handler: unknown, callback?: (r: AsyncResult<void>) => void): void {
      queueMicrotask(() => callback?.({ status: "succeeded", value: undefined }));
    },
  };

  const info = { host: "Excel", platform: options.platform };
  const context = {
    host: "Excel",
    platform: options.platform,
    displayLanguage: options.displayLanguage,
    contentLanguage: options.displayLanguage,
    diagnostics: { host: "Excel", platform: options.platform, version: "16.0.18000.10000" },
    officeTheme: options.theme,
    requirements: {
      isSetSupported: (name: string, minVersion?: string | number) =>
        host.isSetSupported(name, minVersion === undefined ? undefined : String(minVersion)),
    },
    document: { settings, url: "https://contoso.sharepoint.com/Book1.xlsx", mode: "readWrite" },
  };

  return {
    HostType: {
      Excel: "Excel",
      Word: "Word",
      PowerPoint: "PowerPoint",
      Outlook: "Outlook",
      OneNote: "OneNote",
      Project: "Project",
      Access: "Access",
    },
    PlatformType: {
      PC: "PC",
      OfficeOnline: "OfficeOnline",
      Mac: "Mac",
      iOS: "iOS",
      Android: "Android",
      Universal: "Universal",
    },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { SettingsChanged: "settingsChanged", DocumentSelectionChanged: "documentSelectionChanged" },
    context,
    onReady(callback?: (i: typeof info) => void): Promise<typeof info> {
      return Promise.resolve().then(() => {
        callback?.(info);
        return info;
      });
    },
    initialize: undefined as undefined | (() => void),
    actions: { associate: (): void => undefined },
  };
}

export type FakeOffice = ReturnType<typeof createOffice>;
