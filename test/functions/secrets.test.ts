/**
 * No secret in the repository or in the add-in bundle.
 *
 * Scans every file of the repository (tracked by git, plus new files git would add: untracked and not ignored)
 * and a fresh production build of the add-in for: storage account keys (other than Azurite's public, documented
 * development key), SAS tokens, private keys, Azure client secrets, `password=` values, connection strings or
 * endpoints naming a real storage account, JWTs. The bundle must also hold no `AccountKey` at all and no
 * x-ms-client-principal value (the header's name is fine: the add-in sends a development identity under it).
 *
 * The scanner is checked first against planted samples (built at run time, so this file holds none of them),
 * so that a scan finding nothing means something.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Azurite's well-known development key, published in its documentation: not a secret. */
const AZURITE_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const AZURITE_ACCOUNT = "devstoreaccount1";

interface Finding {
  file: string;
  line: number;
  rule: string;
  /** The match, shortened so a real secret is not copied whole into the test output. */
  excerpt: string;
}

interface Rule {
  name: string;
  pattern: RegExp;
  /** False when the match is a known harmless value (the Azurite key, its account name). */
  accept?: (m: RegExpExecArray) => boolean;
}

const RULES: Rule[] = [
  {
    name: "storage account key",
    pattern: /AccountKey\s*=\s*([A-Za-z0-9+/]{20,}={0,2})/g,
    accept: (m) => m[1] !== AZURITE_KEY,
  },
  {
    name: "storage account key (assignment)",
    pattern:
      /(?:account_?key|storage_?key|AZURE_STORAGE_KEY)["']?\s*[:=]\s*["'`]([A-Za-z0-9+/]{40,}={0,2})["'`]/gi,
    accept: (m) => m[1] !== AZURITE_KEY,
  },
  { name: "shared access signature", pattern: /SharedAccessSignature\s*=\s*[^\s;"'`$<{]{8,}/g },
  { name: "SAS sig= token", pattern: /\bsig=[A-Za-z0-9%+/=]{16,}/g },
  { name: "private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g },
  // Entra ID client secrets as the portal issues them: 3 characters, a digit, "Q~", then 31–34 characters.
  {
    name: "Azure client secret",
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/g,
  },
  {
    name: "Azure client secret (assignment)",
    pattern:
      /(?:client[_-]?secret|AZURE_CLIENT_SECRET|MICROSOFT_PROVIDER_AUTHENTICATION_SECRET)["']?\s*[:=]\s*["'`]?(?!\$|<|%|\{)[A-Za-z0-9_~.+/=-]{16,}/gi,
  },
  // "password=" with a value, as in connection strings and URLs (written so this file does not contain it).
  { name: "password=", pattern: /\bpass(?:word)=(?![\s;'"`,&)]|\$\{|\$\(|<|%|\{\{)[^\s;'"`,&)]+/gi },
  { name: "password in JSON", pattern: /"pass(?:word)"\s*:\s*"(?!\$\{|<|%|\{\{)[^"]+"/gi },
  {
    name: "connection string with a real account name",
    pattern: /AccountName\s*=\s*([A-Za-z0-9]{3,24})(?![A-Za-z0-9])/g,
    accept: (m) => m[1] !== AZURITE_ACCOUNT,
  },
  {
    name: "storage endpoint of a real account",
    pattern: /\b[a-z0-9]{3,24}\.(?:blob|table|queue|file|dfs)\.core\.windows\.net/g,
  },
  { name: "JWT", pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
];

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

const shorten = (s: string) => (s.length > 24 ? `${s.slice(0, 18)}…(${s.length})` : s);

/** Every secret-looking string in `text`. */
export function findSecrets(text: string, file = "<text>"): Finding[] {
  const out: Finding[] = [];
  for (const rule of RULES) {
    const re = new RegExp(rule.pattern.source, rule.pattern.flags);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (rule.accept && !rule.accept(m)) continue;
      out.push({ file, line: lineOf(text, m.index), rule: rule.name, excerpt: shorten(m[0]) });
    }
  }
  return out;
}

/** Base64 JSON of an App Service client principal (`{auth_typ, claims, …}`) embedded in `text`. */
export function findPrincipalValues(text: string, file = "<text>"): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(/eyJ[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    // Node's base64 decoder never throws: it stops at the first character outside the alphabet.
    const decoded = Buffer.from(m[0].replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    if (/"(?:auth_typ|claims|userRoles|identityProvider)"/.test(decoded))
      out.push({
        file,
        line: lineOf(text, m.index),
        rule: "x-ms-client-principal value",
        excerpt: shorten(m[0]),
      });
  }
  // The header set to a literal value: "x-ms-client-principal": "…" / ["x-ms-client-principal", "…"].
  for (const m of text.matchAll(/x-ms-client-principal["'`]?\s*[:=,]\s*["'`][A-Za-z0-9+/=_-]{8,}["'`]/gi))
    out.push({
      file,
      line: lineOf(text, m.index),
      rule: "x-ms-client-principal literal",
      excerpt: shorten(m[0]),
    });
  return out;
}

function repositoryFiles(): string[] {
  const list = (args: string[]) =>
    execFileSync("git", ["ls-files", "-z", ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 })
      .split("\0")
      .filter(Boolean);
  const files = new Set([...list([]), ...list(["--others", "--exclude-standard"])]);
  return [...files].filter((f) => {
    const full = path.join(ROOT, f);
    return existsSync(full) && statSync(full).isFile();
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

const report = (findings: Finding[]) =>
  findings.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.excerpt}`).join("\n");

// ---------------------------------------------------------------------------------------------- samples
// Built at run time from pieces, so that none of them is a literal in this (scanned) file.
const b64 = (bytes: number) => randomBytes(bytes).toString("base64");
const b64url = (text: string) => Buffer.from(text).toString("base64url");
const ACCOUNT_KEY_LABEL = ["Account", "Key"].join("");
const PLANTED: Record<string, string> = {
  "storage account key": `DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;${ACCOUNT_KEY_LABEL}=${b64(64)};`,
  "storage account key (assignment)": `const storageKey = "${b64(64)}";`,
  "shared access signature": `BlobEndpoint=https://x;${["Shared", "Access", "Signature"].join("")}=sv=2022-11-02&ss=t&srt=sco&sp=rl`,
  "SAS sig= token": `https://host/tbl?sv=2022-11-02&se=2026-12-31&${"si"}g=${encodeURIComponent(b64(32))}`,
  "private key": `${"-----BEGIN"} RSA PRIVATE ${"KEY-----"}\nMIIEow…\n-----END RSA PRIVATE KEY-----`,
  "Azure client secret": `secret: ${"abc"}8${"Q~"}${"A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7"}`,
  "Azure client secret (assignment)": `AZURE_CLIENT_${"SECRET"}=${"s3cr3tValueFromPortal.1234"}`,
  "password=": `Server=db;User Id=sa;${"Pass"}word=${"Hunter2!x"};`,
  "password in JSON": `{ "user": "admin", "${"pass"}word": "${"Hunter2!x"}" }`,
  "connection string with a real account name": `DefaultEndpointsProtocol=https;${"Account"}Name=contosoprod01;EndpointSuffix=core.windows.net`,
  "storage endpoint of a real account": `https://contosoprod01.${"table"}.core.windows.net/`,
  JWT: `Authorization: Bearer ${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url('{"sub":"1234567890","aud":"api"}')}.${b64url("signature-bytes-here")}`,
};

describe("扫描器本身：能发现植入的样本，不误报允许的内容", () => {
  for (const [rule, sample] of Object.entries(PLANTED))
    it(`发现「${rule}」`, () => {
      expect(
        findSecrets(sample).map((f) => f.rule),
        sample,
      ).toContain(rule);
    });

  it("一个植入样本的文件：报告文件名、行号", () => {
    const text = `line one\nline two\nconst conn = "${PLANTED["storage account key"]}";\n`;
    const found = findSecrets(text, "planted.ts");
    expect(found).toContainEqual(
      expect.objectContaining({ file: "planted.ts", line: 3, rule: "storage account key" }),
    );
    // The excerpt never carries the whole key.
    for (const f of found) expect(f.excerpt.length).toBeLessThan(40);
  });

  it("允许：Azurite 公开的开发密钥与账户名、模板里的占位、只有头部名称", () => {
    const allowed = [
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=http://127.0.0.1:10002/${AZURITE_ACCOUNT};`,
      "var connection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value}'",
      "AccountKey=${ACCOUNT_KEY}",
      "protect(options?: Record<string, unknown>, password?: string): void {",
      "password = await prompt()",
      'export const PRINCIPAL_HEADER = "x-ms-client-principal";',
      'headers["x-ms-client-principal"] = encodePrincipal(identity);',
      '"integrity": "sha512-' + b64(64) + '"',
      "https://<account>.table.core.windows.net",
    ];
    for (const text of allowed) {
      expect(findSecrets(text), text).toEqual([]);
      expect(findPrincipalValues(text), text).toEqual([]);
    }
  });

  it("发现打包文件中的 x-ms-client-principal 值（base64 JSON 或字面量）", () => {
    const value = Buffer.from(
      JSON.stringify({ auth_typ: "aad", claims: [{ typ: "roles", val: "office" }] }),
    ).toString("base64");
    expect(findPrincipalValues(`const h={"x-ms-client-principal":"${value}"}`).map((f) => f.rule)).toEqual([
      "x-ms-client-principal value",
      "x-ms-client-principal literal",
    ]);
    expect(
      findPrincipalValues(`fetch(u,{headers:[["x-ms-client-principal","${"Zm9v"}YmFyYmF6"]]})`),
    ).toHaveLength(1);
  });
});

describe("仓库中没有密钥", () => {
  it("git 跟踪的（及将被加入的）每个文件都不含密钥", () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain("package.json");
    expect(files).toContain("test/functions/secrets.test.ts");
    const findings = files.flatMap((f) => findSecrets(readFileSync(path.join(ROOT, f)).toString("utf8"), f));
    expect(findings, report(findings)).toEqual([]);
  });

  it("local.settings.json（可能含真实连接串）被 git 忽略，不在仓库中", () => {
    const check = spawnSync("git", ["check-ignore", "-q", "--no-index", "local.settings.json"], {
      cwd: ROOT,
    });
    expect(check.status, "local.settings.json 应被 .gitignore 忽略").toBe(0);
    expect(repositoryFiles()).not.toContain("local.settings.json");
  });
});

describe("加载项打包产物中没有密钥", () => {
  let outDir = "";
  let files: string[] = [];

  beforeAll(() => {
    outDir = mkdtempSync(path.join(tmpdir(), "duban-addin-bundle-"));
    const env = { ...process.env };
    // A production build, as deployed: not the test environment vitest runs in.
    for (const k of Object.keys(env)) if (k === "NODE_ENV" || k.startsWith("VITEST")) delete env[k];
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules/vite/bin/vite.js"),
        "build",
        "--config",
        "addin/vite.config.ts",
        "--outDir",
        outDir,
        "--emptyOutDir",
        "--logLevel",
        "error",
      ],
      { cwd: ROOT, env, stdio: "pipe", timeout: 170_000 },
    );
    files = walk(outDir);
  }, 180_000);

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  const texts = () =>
    files
      .filter((f) => /\.(js|mjs|css|html|json|map|txt|xml|svg)$/.test(f))
      .map((f) => ({
        file: path.relative(outDir, f),
        text: readFileSync(f, "utf8"),
      }));

  it("构建出任务窗格（taskpane.html 与脚本）", () => {
    const names = files.map((f) => path.relative(outDir, f));
    expect(names).toContain("taskpane.html");
    expect(names.some((n) => /^assets\/.*\.js$/.test(n))).toBe(true);
  });

  it("不含任何密钥模式", () => {
    const findings = texts().flatMap(({ file, text }) => findSecrets(text, file));
    expect(findings, report(findings)).toEqual([]);
  });

  it("不含 AccountKey，也不含 x-ms-client-principal 的值（头部名称可以出现）", () => {
    const all = texts();
    // A connection string's AccountKey=… (a library's getAccountKeys() is not one).
    const withKey = all.filter(({ text }) => /AccountKey\s*=/i.test(text)).map(({ file }) => file);
    expect(withKey).toEqual([]);
    const principals = all.flatMap(({ file, text }) => findPrincipalValues(text, file));
    expect(principals, report(principals)).toEqual([]);
    // The bundle does use the header name (the development identity is sent under it): that is allowed.
    expect(all.some(({ text }) => text.includes("x-ms-client-principal"))).toBe(true);
  });
});
