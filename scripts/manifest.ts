/**
 * `npm run manifest -- --host https://addin.example.com [--api URL] [--client-id GUID] [--tenant-id GUID] [--id GUID]
 * [--out FILE]`:
 * the production manifest, made from the repository's development manifest.xml. Every https://localhost:3000
 * URL moves to the origin that serves dist/addin at its root; --api (the Function App's address) goes into the
 * task pane's URL as ?api=…, the server every user's pane talks to until they set another; with --client-id
 * (the Entra app registration of the API) it gains the <WebApplicationInfo> that Office single sign-on needs and
 * the pane signs in (NAA, Office SSO or the dialog: addin/src/api/auth); --tenant-id (the directory of a
 * single-tenant registration) goes into the pane's URL for the dialog's authority. With --client-id it prints the
 * app registration the sign-in needs, step by step (registrationSteps).
 * The add-in's Id is derived from the host
 * (the same host always gives the same Id, so a regenerated manifest updates the deployed add-in rather than
 * adding a second one); --id keeps the Id of an existing deployment.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const DEV_ORIGIN = "https://localhost:3000";
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ManifestOptions {
  /** The https origin that serves dist/addin at its root ("https://addin.example.com"). */
  host: string;
  /** The API's address ("https://duban-api.azurewebsites.net"), the pane's default server. */
  api?: string | undefined;
  /** The client id of the API's Entra app registration (enables Office single sign-on). */
  clientId?: string | undefined;
  /** The directory (tenant) id of a single-tenant app registration (the dialog sign-in's authority). */
  tenantId?: string | undefined;
  /** The add-in's Id; by default derived from the host. */
  id?: string | undefined;
}

/** An option the administrator gave wrongly: `option` names it (--host, --client-id…). */
export class ManifestOptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

/** A GUID made from the host (name-based, RFC 4122 version 5 layout over SHA-1). */
export function idForHost(base: string): string {
  const h = createHash("sha1").update(`duban-addin:${base}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseHost(host: string): URL {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new ManifestOptionError("--host", `--host 不是有效的网址：${host}`);
  }
  if (url.protocol !== "https:")
    throw new ManifestOptionError("--host", `--host 须为 https 地址（Office 只加载 https 页面）：${host}`);
  // The built pages load their scripts from /assets/…: they must be served at the root of their origin.
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/")
    throw new ManifestOptionError(
      "--host",
      `--host 只能是源（如 https://addin.example.com），dist/addin 须放在该源的根目录：${host}`,
    );
  return url;
}

function parseApi(api: string): string {
  let url: URL;
  try {
    url = new URL(api);
  } catch {
    throw new ManifestOptionError("--api", `--api 不是有效的网址：${api}`);
  }
  if (url.protocol !== "https:")
    throw new ManifestOptionError(
      "--api",
      `--api 须为 https 地址（任务窗格只能通过 https 访问服务器）：${api}`,
    );
  if (url.username || url.password || url.search || url.hash)
    throw new ManifestOptionError("--api", `--api 不能带用户名、查询参数或 #：${api}`);
  return url.href.replace(/\/+$/, "");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The production manifest text, from the development manifest's text. */
export function productionManifest(devManifest: string, o: ManifestOptions): string {
  const url = parseHost(o.host);
  const base = url.origin;
  const api = o.api === undefined ? undefined : parseApi(o.api);
  if (o.clientId !== undefined && !GUID_RE.test(o.clientId))
    throw new ManifestOptionError(
      "--client-id",
      `--client-id 须为应用注册的客户端 ID（GUID，如 00000000-0000-0000-0000-000000000000）：${o.clientId}`,
    );
  if (o.tenantId !== undefined && !GUID_RE.test(o.tenantId))
    throw new ManifestOptionError("--tenant-id", `--tenant-id 须为目录（租户）ID（GUID）：${o.tenantId}`);
  if (o.tenantId !== undefined && o.clientId === undefined)
    throw new ManifestOptionError("--tenant-id", "--tenant-id 须与 --client-id 一起使用");
  if (o.id !== undefined && !GUID_RE.test(o.id))
    throw new ManifestOptionError("--id", `--id 须为 GUID：${o.id}`);
  if (!devManifest.includes(DEV_ORIGIN) || !/<\/VersionOverrides>\s*<\/OfficeApp>\s*$/.test(devManifest))
    throw new Error(`manifest.xml 不是预期的开发清单（应指向 ${DEV_ORIGIN}）`);

  let xml = devManifest
    // The header comment describes the development manifest.
    .replace(
      /<!--[\s\S]*?-->/,
      `<!--\n  跟进督办: production manifest for ${escapeXml(base)}, made by \`npm run manifest\` from the repository's\n  manifest.xml. Regenerate it rather than editing it.\n-->`,
    )
    .replace(/<Id>[^<]*<\/Id>/, `<Id>${o.id ?? idForHost(base)}</Id>`)
    // An AppDomain is an origin; every other URL moves under the base.
    .replace(/<AppDomain>[^<]*<\/AppDomain>/g, `<AppDomain>${escapeXml(url.origin)}</AppDomain>`)
    .split(DEV_ORIGIN)
    .join(escapeXml(base));
  // The pane reads its defaults from its URL: the server, and whether SSO is configured (the client id).
  const query = [
    ...(api !== undefined ? [`api=${encodeURIComponent(api)}`] : []),
    ...(o.clientId !== undefined ? [`sso=${o.clientId}`] : []),
    ...(o.tenantId !== undefined ? [`tenant=${o.tenantId}`] : []),
  ].join("&amp;");
  if (query) xml = xml.split(`${base}/taskpane.html"`).join(`${base}/taskpane.html?${query}"`);
  if (o.clientId !== undefined) {
    const info =
      `    <WebApplicationInfo>\n` +
      `      <Id>${o.clientId}</Id>\n` +
      `      <Resource>api://${escapeXml(url.host)}/${o.clientId}</Resource>\n` +
      `      <Scopes>\n        <Scope>openid</Scope>\n        <Scope>profile</Scope>\n      </Scopes>\n` +
      `    </WebApplicationInfo>\n`;
    xml = xml.replace(
      /(\n?)(\s*)<\/VersionOverrides>(\s*<\/OfficeApp>\s*)$/,
      `$1${info}  </VersionOverrides>$3`,
    );
  }
  return xml;
}

/** Office's client ids to pre-authorize on the API's scope (Office SSO): ea5a67f6-… covers every Office host. */
export const OFFICE_CLIENT_ID = "ea5a67f6-b6f3-4338-b240-c655ddc3cc8e";

/**
 * The app registration the sign-in needs, step by step (Microsoft Entra admin center), for the add-in served
 * from `host` and the registration `clientId`: printed by `npm run manifest -- --client-id` and in the README.
 */
export function registrationSteps(host: string, clientId: string, tenantId?: string): string[] {
  const h = parseHost(host).host;
  return [
    `应用注册（Microsoft Entra 管理中心 → 应用注册 → 客户端 ID ${clientId}）：`,
    `1. 身份验证 → 添加平台 → 单页应用程序（SPA），重定向 URI：brk-multihub://${h}（嵌套应用认证）和 https://${h}/auth-dialog.html（对话框登录）`,
    `2. 公开 API → 应用程序 ID URI：api://${h}/${clientId}；添加范围 access_as_user（管理员和用户均可同意）`,
    `3. 公开 API → 添加客户端应用程序 ${OFFICE_CLIENT_ID}（Office），勾选 api://${h}/${clientId}/access_as_user（Office 单点登录）`,
    `4. 清单 → "requestedAccessTokenVersion": 2（App Service 身份验证按 v2.0 颁发者与受众 ${clientId} 验证令牌）`,
    "5. API 权限 → Microsoft Graph 委托权限 openid、profile；点「代表单位授予管理员同意」",
    "6. 应用角色 → 创建 office（督办办公室）、leader（领导小组）、viewer（只读）和每个部门的 dept:<部门编号>，允许的成员类型：用户/组",
    "7. 企业应用程序 → 同名应用 → 用户和组：为每位用户或组分配角色",
    tenantId
      ? `8. 单租户应用：对话框登录使用 https://login.microsoftonline.com/${tenantId}`
      : "8. 单租户应用请加 --tenant-id <目录（租户）ID> 重新生成清单（否则对话框登录使用 organizations）",
  ];
}

function option(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === name) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--"))
        throw new ManifestOptionError(name, `${name} 后面缺少取值`);
      return value;
    }
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

const KNOWN = ["--host", "--api", "--client-id", "--tenant-id", "--id", "--out"];

export function main(args: string[], root: string): number {
  try {
    const unknown = args.filter((a) => a.startsWith("--") && !KNOWN.includes(a.split("=")[0]!));
    if (unknown.length)
      throw new ManifestOptionError(unknown[0]!, `不认识的选项 ${unknown[0]}（可用：${KNOWN.join(" ")}）`);
    const host = option(args, "--host");
    if (!host)
      throw new ManifestOptionError(
        "--host",
        "缺少 --host：发布 dist/addin 的 https 地址，如 https://addin.example.com",
      );
    const out = path.resolve(root, option(args, "--out") ?? "dist/manifest.xml");
    const xml = productionManifest(readFileSync(path.join(root, "manifest.xml"), "utf8"), {
      host,
      api: option(args, "--api"),
      clientId: option(args, "--client-id"),
      tenantId: option(args, "--tenant-id"),
      id: option(args, "--id"),
    });
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, xml);
    console.info(`已写入 ${out}`);
    const clientId = option(args, "--client-id");
    if (clientId)
      for (const line of registrationSteps(host, clientId, option(args, "--tenant-id"))) console.info(line);
    console.info(
      `检查：xmllint --noout --schema ../shared/office-manifest-xsd/OfficeAppManifestV1_1.xsd ${out}`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ManifestOptionError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(
    process.argv.slice(2),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
  );
}
