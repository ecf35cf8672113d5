// The pane runs on Preact (preact/compat) instead of React DOM: the same components, the same Fluent UI, 60 KB
// gzip less to load before the task pane shows anything (React DOM alone is 64 KB gzip of an initial budget of
// 150 KB). The add-in's build, its dev server and the pane's tests all resolve React through these aliases, so what
// the tests render is what ships. The React packages stay installed for their types and Fluent's peer dependency.
import type { Alias } from "vite";

export const preactAliases: Alias[] = [
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
  { find: /^react-dom\/server$/, replacement: "preact/compat/server" },
  { find: /^react-dom\/test-utils$/, replacement: "preact/test-utils" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
  { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
  { find: /^react$/, replacement: "preact/compat" },
];
