// manifest.xml: valid against Microsoft's XSD (offline, with xmllint) and consistent with the project
// (icons exist at the declared sizes, pages exist, every resid resolves to a resource of the right kind).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { pages } from "../../addin/vite.config";
import {
  idForHost,
  main as manifestCli,
  OFFICE_CLIENT_ID,
  productionManifest,
  registrationSteps,
} from "../../scripts/manifest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const manifestPath = path.join(repoRoot, "manifest.xml");
// shared/ sits beside the repository (in development and in CI); the schemas are not copied into it.
const xsdPath = path.resolve(repoRoot, "..", "shared", "office-manifest-xsd", "OfficeAppManifestV1_1.xsd");
const manifestText = readFileSync(manifestPath, "utf8");

function xmllint(args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync("xmllint", args, { encoding: "utf8" });
  if (result.error) {
    throw new Error(
      `xmllint could not run (${result.error.message}); install it: apt-get install libxml2-utils`,
    );
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function validate(file: string) {
  return xmllint(["--noout", "--schema", xsdPath, file]);
}

/** XPath 1.0 string result, evaluated by libxml2 on manifest.xml (so entities and CDATA are decoded). */
function xpathString(expr: string, file = manifestPath): string {
  const result = xmllint(["--xpath", `string(${expr})`, file]);
  // An empty string result makes xmllint report an empty set with status 10.
  if (result.status === 10) return "";
  if (result.status !== 0) throw new Error(`xmllint --xpath ${expr}: ${result.stderr}`);
  return result.stdout.replace(/\n$/, ""); // xmllint ends its output with one newline
}

/** The string value of every node in a node set. */
function xpathValues(expr: string, file = manifestPath): string[] {
  const count = Number(xmllint(["--xpath", `count(${expr})`, file]).stdout);
  return Array.from({ length: count }, (_, i) => xpathString(`(${expr})[${i + 1}]`, file));
}

/** Every URL the manifest declares (icons, pages, app domains, resources). */
function declaredUrls(file = manifestPath): string[] {
  return [
    ...xpathValues(
      `${root}/*[local-name()='IconUrl' or local-name()='HighResolutionIconUrl' or local-name()='SupportUrl']/@DefaultValue`,
      file,
    ),
    xpathString(`${root}/${el("DefaultSettings", "SourceLocation")}/@DefaultValue`, file),
    ...xpathValues(`${root}/${el("AppDomains", "AppDomain")}`, file),
    ...xpathValues(`${resources}/*[local-name()='Images' or local-name()='Urls']/*/@DefaultValue`, file),
  ];
}

/** `el("a", "b")` → `*[local-name()='a']/*[local-name()='b']`: namespace-agnostic steps. */
const el = (...names: string[]) => names.map((name) => `*[local-name()='${name}']`).join("/");
const xsiType = "@*[local-name()='type']";
const root = `/${el("OfficeApp")}`;
const overrides = `${root}/${el("VersionOverrides")}`;
const resources = `${overrides}/${el("Resources")}`;
const desktop = `${overrides}/${el("Hosts", "Host", "DesktopFormFactor")}`;

function resource(kind: "Images" | "Urls" | "ShortStrings" | "LongStrings", id: string): string {
  return xpathString(`${resources}/${el(kind)}/*[@id='${id}']/@DefaultValue`);
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString("hex"), `${file} is a PNG`).toBe("89504e470d0a1a0a");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function assetFor(url: string): string {
  return path.join(repoRoot, "assets", decodeURIComponent(new URL(url).pathname));
}

const sourceLocation = xpathString(`${root}/${el("DefaultSettings", "SourceLocation")}/@DefaultValue`);

describe("manifest.xml 的 XSD 校验", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "duban-manifest-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("Office 清单 XSD 就在仓库旁的 shared/ 中", () => {
    expect(existsSync(xsdPath), `expected the schemas at ${xsdPath}`).toBe(true);
  });

  it("manifest.xml 通过 OfficeAppManifestV1_1.xsd 校验", () => {
    const result = validate(manifestPath);
    expect(result.stderr).toContain("validates");
    expect(result.status).toBe(0);
  });

  // The same check on deliberately broken copies, so a validator that accepts anything cannot pass.
  it.each([
    ["缺少 Id", (xml: string) => xml.replace(/<Id>[^<]*<\/Id>/, "")],
    ["Id 不是 GUID", (xml: string) => xml.replace(/<Id>[^<]*<\/Id>/, "<Id>not-a-guid</Id>")],
    ["权限取值无效", (xml: string) => xml.replace(/<Permissions>[^<]*</, "<Permissions>EverythingPlease<")],
    ["未知元素", (xml: string) => xml.replace("<Hosts>", "<Unknown/><Hosts>")],
  ])("损坏的副本（%s）不能通过校验", (_name, breakIt) => {
    const broken = breakIt(manifestText);
    expect(broken).not.toBe(manifestText);
    const file = path.join(scratch, `broken-${_name}.xml`);
    writeFileSync(file, broken);
    const result = validate(file);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/fails to validate/);
  });

  it("未改动的副本在临时目录中同样通过校验", () => {
    const copy = path.join(scratch, "copy.xml");
    copyFileSync(manifestPath, copy);
    expect(validate(copy).status).toBe(0);
  });
});

describe("manifest.xml 的内容", () => {
  it("是 Excel（Workbook）任务窗格加载项", () => {
    expect(xpathString(`${root}/${xsiType}`)).toBe("TaskPaneApp");
    expect(xpathValues(`${root}/${el("Hosts", "Host")}/@Name`)).toEqual(["Workbook"]);
    expect(xpathValues(`${overrides}/${el("Hosts", "Host")}/${xsiType}`)).toEqual(["Workbook"]);
    expect(xpathString(`${overrides}/${xsiType}`)).toBe("VersionOverridesV1_0");
  });

  it("Id 是固定的 GUID，版本、语言和名称正确", () => {
    const id = xpathString(`${root}/${el("Id")}`);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i);
    expect(id).not.toMatch(/^[0-]+$/);
    expect(xpathString(`${root}/${el("Version")}`)).toBe("1.0.0.0");
    expect(xpathString(`${root}/${el("DefaultLocale")}`)).toBe("zh-CN");
    expect(xpathString(`${root}/${el("DisplayName")}/@DefaultValue`)).toBe("跟进督办");
    expect(xpathString(`${root}/${el("ProviderName")}`).trim()).not.toBe("");
    expect(xpathString(`${root}/${el("Description")}/@DefaultValue`).trim()).not.toBe("");
  });

  it("声明 ExcelApi 1.9 要求集和读写文档权限", () => {
    const sets = `${root}/${el("Requirements", "Sets")}`;
    expect(xpathString(`${sets}/${el("Set")}[@Name='ExcelApi']/@MinVersion`)).toBe("1.9");
    expect(xpathString(`${root}/${el("Permissions")}`)).toBe("ReadWriteDocument");
  });

  it("每个 URL 都是 https，且都在同一个源上（部署时整体替换）", () => {
    const urls = declaredUrls();
    expect(urls).toContain(sourceLocation);
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls) expect(new URL(url).protocol, url).toBe("https:");
    expect(new Set(urls.map((url) => new URL(url).origin))).toEqual(
      new Set([new URL(sourceLocation).origin]),
    );
    // Nothing else in the file may point at plain http (namespace names are identifiers, not locations).
    const withoutNamespaces = manifestText.replace(/xmlns(:\w+)?="[^"]*"/g, "");
    expect(withoutNamespaces).not.toMatch(/http:\/\//);
  });

  it("启动页指向 taskpane.html，功能文件指向 commands.html，且这些页面都由构建生成", () => {
    expect(new URL(sourceLocation).pathname).toBe("/taskpane.html");
    const functionFile = resource("Urls", xpathString(`${desktop}/${el("FunctionFile")}/@resid`));
    expect(new URL(functionFile).pathname).toBe("/commands.html");
    const builtPages = new Set(Object.keys(pages).map((name) => `/${name}.html`));
    const pageUrls = [sourceLocation, ...xpathValues(`${resources}/${el("Urls")}/*/@DefaultValue`)];
    pageUrls.push(xpathString(`${root}/${el("SupportUrl")}/@DefaultValue`));
    for (const url of pageUrls) expect(builtPages, url).toContain(new URL(url).pathname);
    for (const file of Object.values(pages))
      expect(existsSync(path.join(repoRoot, "addin", file)), file).toBe(true);
  });

  it("“开始”选项卡上有“跟进督办”组和打开任务窗格的“督办清单”按钮", () => {
    const tab = `${desktop}/${el("ExtensionPoint")}[@*[local-name()='type']='PrimaryCommandSurface']/${el("OfficeTab")}[@id='TabHome']`;
    const group = `${tab}/${el("Group")}`;
    expect(xpathValues(`${group}/@id`)).toHaveLength(1);
    expect(resource("ShortStrings", xpathString(`${group}/${el("Label")}/@resid`))).toBe("跟进督办");
    const button = `${group}/${el("Control")}[@*[local-name()='type']='Button']`;
    expect(xpathValues(`${button}/@id`)).toHaveLength(1);
    expect(resource("ShortStrings", xpathString(`${button}/${el("Label")}/@resid`))).toBe("督办清单");
    expect(xpathString(`${button}/${el("Action")}/${xsiType}`)).toBe("ShowTaskpane");
    expect(xpathString(`${button}/${el("Action", "TaskpaneId")}`).trim()).not.toBe("");
    const paneUrl = resource("Urls", xpathString(`${button}/${el("Action", "SourceLocation")}/@resid`));
    expect(paneUrl).toBe(sourceLocation);
  });

  it("每个 resid 都指向已定义、类型正确的资源，且资源 id 唯一、都被使用", () => {
    const kinds = ["Images", "Urls", "ShortStrings", "LongStrings"] as const;
    const defined = new Map<string, string>();
    for (const kind of kinds) {
      for (const id of xpathValues(`${resources}/${el(kind)}/*/@id`)) {
        expect(defined.has(id), `resource id ${id} defined twice`).toBe(false);
        defined.set(id, kind);
      }
    }
    const expectedKind: Record<string, (typeof kinds)[number]> = {
      Image: "Images",
      SourceLocation: "Urls",
      FunctionFile: "Urls",
      LearnMoreUrl: "Urls",
      Label: "ShortStrings",
      Title: "ShortStrings",
      Description: "LongStrings",
    };
    const referencing = `${overrides}/${el("Hosts")}//*[@resid]`;
    const count = Number(xmllint(["--xpath", `count(${referencing})`, manifestPath]).stdout);
    expect(count).toBeGreaterThan(10);
    const used = new Set<string>();
    for (let i = 1; i <= count; i++) {
      const element = xpathString(`local-name((${referencing})[${i}])`);
      const resid = xpathString(`(${referencing})[${i}]/@resid`);
      used.add(resid);
      expect(defined.get(resid), `<${element} resid="${resid}"> must name a defined resource`).toBe(
        expectedKind[element],
      );
    }
    expect([...defined.keys()].filter((id) => !used.has(id))).toEqual([]);
  });

  it("引用的图标都在 assets/ 中，且尺寸与声明一致", () => {
    const declared: [string, number][] = [
      [xpathString(`${root}/${el("IconUrl")}/@DefaultValue`), 32],
      [xpathString(`${root}/${el("HighResolutionIconUrl")}/@DefaultValue`), 64],
    ];
    const images = `${overrides}/${el("Hosts")}//${el("Icon", "Image")}`;
    const sizes = xpathValues(`${images}/@size`);
    const resids = xpathValues(`${images}/@resid`);
    expect(new Set(sizes)).toEqual(new Set(["16", "32", "80"]));
    resids.forEach((resid, i) => declared.push([resource("Images", resid), Number(sizes[i])]));
    for (const [url, size] of declared) {
      const file = assetFor(url);
      expect(existsSync(file), `${url} → ${file}`).toBe(true);
      expect(pngSize(file), url).toEqual({ width: size, height: size });
    }
  });
});

describe("生产清单（npm run manifest）", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "duban-prod-manifest-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const clientId = "3f2b6a1e-9c4d-4e8f-a1b2-c3d4e5f60718";
  const api = "https://duban-api.azurewebsites.net/api";

  function generate(name: string, options: Parameters<typeof productionManifest>[1]): string {
    const file = path.join(scratch, `${name}.xml`);
    writeFileSync(file, productionManifest(manifestText, options));
    return file;
  }

  it("所有地址移到发布的源上，任务窗格地址带上服务器，单点登录信息齐全，仍通过 XSD 校验", () => {
    const file = generate("full", { host: "https://addin.contoso.com", api, clientId });
    expect(validate(file).status).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("localhost");
    const urls = declaredUrls(file);
    expect(urls.length).toBe(declaredUrls().length);
    for (const url of urls) expect(new URL(url).origin, url).toBe("https://addin.contoso.com");
    // The same pages and icons as the development manifest, at the same paths.
    expect(urls.map((u) => new URL(u).pathname)).toEqual(declaredUrls().map((u) => new URL(u).pathname));
    const pane = xpathString(`${root}/${el("DefaultSettings", "SourceLocation")}/@DefaultValue`, file);
    expect(new URL(pane).searchParams.get("api")).toBe(api);
    // The pane tries Office SSO only when the deployment configured it.
    expect(new URL(pane).searchParams.get("sso")).toBe(clientId);
    expect(resource("Urls", "Taskpane.Url")).toBe("https://localhost:3000/taskpane.html");
    expect(
      new URL(
        xpathString(`${resources}/${el("Urls")}/*[@id='Taskpane.Url']/@DefaultValue`, file),
      ).searchParams.get("api"),
    ).toBe(api);
    const info = `${overrides}/${el("WebApplicationInfo")}`;
    expect(xpathString(`${info}/${el("Id")}`, file)).toBe(clientId);
    expect(xpathString(`${info}/${el("Resource")}`, file)).toBe(`api://addin.contoso.com/${clientId}`);
    expect(xpathValues(`${info}/${el("Scopes", "Scope")}`, file)).toEqual(["openid", "profile"]);
  });

  it("Id 由发布地址决定：同一地址总是同一个 Id（更新而不是新增加载项），与开发清单不同；--id 可沿用已有的 Id", () => {
    const a = xpathString(`${root}/${el("Id")}`, generate("a", { host: "https://addin.contoso.com" }));
    const again = xpathString(
      `${root}/${el("Id")}`,
      generate("again", { host: "https://addin.contoso.com/" }),
    );
    const other = xpathString(
      `${root}/${el("Id")}`,
      generate("other", { host: "https://duban.example.org" }),
    );
    expect(a).toBe(again);
    expect(a).toBe(idForHost("https://addin.contoso.com"));
    expect(a).not.toBe(other);
    expect(a).not.toBe(xpathString(`${root}/${el("Id")}`));
    const kept = generate("kept", {
      host: "https://addin.contoso.com",
      id: "f82f01ec-3d4d-4f24-b7e2-487a416b34b1",
    });
    expect(xpathString(`${root}/${el("Id")}`, kept)).toBe("f82f01ec-3d4d-4f24-b7e2-487a416b34b1");
    for (const f of [a, other])
      expect(f).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("不指定客户端 ID 时没有单点登录信息，也不指定服务器时任务窗格地址不带参数", () => {
    const file = generate("plain", { host: "https://addin.contoso.com" });
    expect(validate(file).status).toBe(0);
    expect(xpathValues(`${overrides}/${el("WebApplicationInfo")}`, file)).toEqual([]);
    expect(xpathString(`${root}/${el("DefaultSettings", "SourceLocation")}/@DefaultValue`, file)).toBe(
      "https://addin.contoso.com/taskpane.html",
    );
  });

  it.each([
    ["--host", { host: "http://addin.contoso.com" }, /--host 须为 https/],
    ["--host", { host: "addin.contoso.com" }, /--host 不是有效的网址/],
    ["--host", { host: "https://cdn.contoso.com/duban" }, /--host 只能是源/],
    ["--api", { host: "https://addin.contoso.com", api: "http://duban-api.example.com" }, /--api 须为 https/],
    ["--client-id", { host: "https://addin.contoso.com", clientId: "not-a-guid" }, /--client-id 须为/],
    ["--id", { host: "https://addin.contoso.com", id: "123" }, /--id 须为 GUID/],
    ["--tenant-id", { host: "https://addin.contoso.com", clientId, tenantId: "contoso" }, /--tenant-id 须为/],
    [
      "--tenant-id",
      { host: "https://addin.contoso.com", tenantId: "11111111-2222-4333-8444-555555555555" },
      /须与 --client-id 一起使用/,
    ],
  ] as const)("取值有误（%s）→ 中文错误指出该选项", (option, options, message) => {
    expect(() => productionManifest(manifestText, options)).toThrow(message);
    try {
      productionManifest(manifestText, options);
    } catch (e) {
      expect((e as { option: string }).option).toBe(option);
    }
  });

  it("--tenant-id 写入任务窗格地址（对话框登录的租户），清单仍通过 XSD 校验", () => {
    const tenantId = "11111111-2222-4333-8444-555555555555";
    const file = generate("tenant", { host: "https://addin.contoso.com", api, clientId, tenantId });
    expect(validate(file).status).toBe(0);
    const pane = new URL(
      xpathString(`${root}/${el("DefaultSettings", "SourceLocation")}/@DefaultValue`, file),
    );
    expect([...pane.searchParams.keys()]).toEqual(["api", "sso", "tenant"]);
    expect(pane.searchParams.get("tenant")).toBe(tenantId);
  });

  it("应用注册的步骤：SPA 重定向 URI（brk-multihub 与对话框页）、API 范围、Office 预授权、v2 令牌、应用角色", () => {
    const steps = registrationSteps("https://addin.contoso.com", clientId).join("\n");
    expect(steps).toContain("brk-multihub://addin.contoso.com");
    expect(steps).toContain("https://addin.contoso.com/auth-dialog.html");
    expect(steps).toContain(`api://addin.contoso.com/${clientId}`);
    expect(steps).toContain(`api://addin.contoso.com/${clientId}/access_as_user`);
    expect(steps).toContain(OFFICE_CLIENT_ID);
    expect(steps).toContain('"requestedAccessTokenVersion": 2');
    for (const role of ["office", "leader", "viewer", "dept:<部门编号>"]) expect(steps).toContain(role);
    expect(steps).toContain("--tenant-id");
    // The dialog page is one of the built pages (the SPA redirect URI exists).
    expect(Object.keys(pages)).toContain("auth-dialog");
    expect(registrationSteps("https://addin.contoso.com:8443", clientId).join("\n")).toContain(
      "brk-multihub://addin.contoso.com:8443",
    );
  });

  it("命令行：写出清单；选项有误时退出码 2、说明原因，且不写任何文件", () => {
    const out = path.join(scratch, "cli", "manifest.xml");
    const errors: string[] = [];
    const error = console.error;
    const info = console.info;
    const printed: string[] = [];
    console.error = (m: string) => void errors.push(m);
    console.info = (m: string) => void printed.push(m);
    try {
      expect(manifestCli(["--host", "http://addin.contoso.com", "--out", out], repoRoot)).toBe(2);
      expect(manifestCli(["--out", out], repoRoot)).toBe(2);
      expect(
        manifestCli(["--host=https://addin.contoso.com", "--clientid", clientId, "--out", out], repoRoot),
      ).toBe(2);
      expect(existsSync(out)).toBe(false);
      expect(errors).toEqual([
        expect.stringMatching(/^--host 须为 https/),
        expect.stringMatching(/^缺少 --host/),
        expect.stringMatching(/^不认识的选项 --clientid/),
      ]);
      expect(
        manifestCli([`--host=https://addin.contoso.com`, "--client-id", clientId, "--out", out], repoRoot),
      ).toBe(0);
      // With --client-id the command prints the app registration, step by step.
      expect(printed.join("\n")).toContain(`brk-multihub://addin.contoso.com`);
    } finally {
      console.error = error;
      console.info = info;
    }
    expect(validate(out).status).toBe(0);
    expect(readFileSync(out, "utf8")).toContain(`<Resource>api://addin.contoso.com/${clientId}</Resource>`);
  });
});
