// Build and dev server of the task pane. The pages live under addin/src/ but are served and built at the
// site root (/taskpane.html, /commands.html, /help.html), the URLs manifest.xml points at.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerResponse } from "node:http";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import { getDevHttpsOptions } from "./dev-certs.js";
import { preactAliases } from "./preact.js";

const addinRoot = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(addinRoot, "..");

/** Public page name → its HTML file, relative to addinRoot. */
export const pages: Readonly<Record<string, string>> = {
  taskpane: "src/taskpane/taskpane.html",
  commands: "src/commands/commands.html",
  help: "src/help/help.html",
  // The last-resort sign-in (Office dialog + MSAL redirect), also the dialog's SPA redirect URI.
  "auth-dialog": "src/authDialog/auth-dialog.html",
};

/** Serves each page at /{name}.html in development and writes it as {name}.html in the build. */
function rootLevelPages(): Plugin {
  const byUrl = new Map(Object.entries(pages).map(([name, file]) => [`/${name}.html`, `/${file}`]));
  const byBuiltName = new Map(Object.entries(pages).map(([name, file]) => [file, `${name}.html`]));
  return {
    name: "duban:root-level-pages",
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const [path = "", query] = (req.url ?? "").split("?", 2);
        const target = byUrl.get(path === "/" ? "/taskpane.html" : path);
        if (target) req.url = query === undefined ? target : `${target}?${query}`;
        next();
      });
    },
    generateBundle: {
      // After Vite's own HTML plugin has emitted the pages.
      order: "post",
      handler(_options, bundle) {
        for (const output of Object.values(bundle)) {
          const flat = byBuiltName.get(output.fileName);
          if (flat) output.fileName = flat;
        }
      },
    },
  };
}

/** When the functions host is down, answer like the API would (problem+json) instead of an empty 502. */
function apiUnreachable(res: ServerResponse, target: string): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(502, { "Content-Type": "application/problem+json; charset=utf-8" });
  res.end(
    JSON.stringify({
      type: "about:blank",
      title: "服务器无法连接",
      status: 502,
      detail: `开发服务器无法连接督办服务（${target}），请确认已用 npm start 或 npm run api 启动服务。`,
      code: "network",
      errors: [],
    }),
  );
}

export default defineConfig(async ({ command }): Promise<UserConfig> => {
  const port = Number(process.env.ADDIN_PORT ?? 3000);
  const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? 7071}`;
  return {
    root: addinRoot,
    publicDir: resolve(repoRoot, "assets"),
    appType: "mpa",
    // React Refresh cannot update Preact components: without it an edited module reloads the page instead of
    // leaving it stale.
    plugins: [react({ refreshExclude: /./ }), rootLevelPages()],
    resolve: { alias: preactAliases },
    build: {
      outDir: resolve(repoRoot, "dist", "addin"),
      emptyOutDir: true,
      rolldownOptions: {
        input: Object.fromEntries(
          Object.entries(pages).map(([name, file]) => [name, resolve(addinRoot, file)]),
        ),
      },
    },
    server: {
      host: "localhost",
      port,
      strictPort: true,
      // Only the dev server needs certificates; a build must not generate them.
      https: command === "serve" ? await getDevHttpsOptions() : undefined,
      proxy: {
        "/api": {
          target: apiTarget,
          changeOrigin: true,
          configure(proxy) {
            proxy.on("error", (_error, _req, res) => {
              if ("writeHead" in res) apiUnreachable(res, apiTarget);
            });
          },
        },
      },
    },
    preview: { host: "localhost", port, strictPort: true },
  };
});
