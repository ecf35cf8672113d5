/**
 * Deployment as code (issue 15), checked without Azure (the Bicep compiler cannot be installed here): the template
 * names every setting the functions read in production and wires Application Insights, the add-in's static site
 * and the Function App together; the deploy workflow parses, authenticates by OIDC, and uses only outputs the
 * template has; the README's deployment section names what the template and the workflow need.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (p: string) => readFileSync(path.join(ROOT, p), "utf8");
const bicep = read("infra/main.bicep");
const workflow = read(".github/workflows/deploy.yml");
const readme = read("README.md");

/** Settings read through `env.X` / `process.env.X` in the deployed code (the local host and scripts excluded). */
function settingsReadByCode(): Set<string> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== "local") walk(p);
      } else if (p.endsWith(".ts")) files.push(p);
    }
  };
  walk(path.join(ROOT, "functions/src"));
  const names = new Set<string>();
  for (const f of files)
    for (const m of readFileSync(f, "utf8").matchAll(/\benv(?:\.|\[["'])([A-Za-z_][A-Za-z0-9_]*)/g))
      names.add(m[1]!);
  return names;
}

/** Read by the code but not app settings of the template, each for a reason. */
const NOT_APP_SETTINGS: Record<string, string> = {
  DUBAN_DEV_MODE: "local development mode only (npm start / npm run api)",
  DUBAN_DEV_PRINCIPAL: "the development identity, local development mode only",
  DUBAN_NOW: "a fixed clock, honoured only in local development mode",
  DUBAN_FAULT: "fault injection for the fault tests, development mode only",
  ADDIN_PORT: "the local add-in dev server's port (default CORS origin in development)",
  WEBSITE_AUTH_ENABLED: "set by the platform when App Service Authentication is on (authsettingsV2 below)",
  AZURE_FUNCTIONS_ENVIRONMENT: "set by Core Tools locally; never Development on Azure",
};

const appSettings = () =>
  new Set([...bicep.matchAll(/\{\s*name:\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*,\s*value:/g)].map((m) => m[1]!));
const outputs = () => new Set([...bicep.matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1]!));

describe("infra/main.bicep", () => {
  it("为代码在生产中读取的每个设置配置了应用设置，没有遗漏也没有多余", () => {
    const read = settingsReadByCode();
    const settings = appSettings();
    for (const name of read)
      if (!(name in NOT_APP_SETTINGS)) expect(settings, `Function App 缺少应用设置 ${name}`).toContain(name);
    for (const name of settings) expect(read, `应用设置 ${name} 没有代码读取`).toContain(name);
    for (const name of Object.keys(NOT_APP_SETTINGS)) expect(settings).not.toContain(name);
  });

  it("Application Insights 基于 Log Analytics 工作区，连接字符串接入函数应用", () => {
    expect(bicep).toMatch(/resource workspace 'Microsoft\.OperationalInsights\/workspaces@/);
    expect(bicep).toMatch(
      /resource insights 'Microsoft\.Insights\/components@[\s\S]*WorkspaceResourceId: workspace\.id/,
    );
    expect(bicep).toMatch(
      /name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights\.properties\.ConnectionString/,
    );
  });

  it("加载项的静态文件由 Static Web App 托管，CORS 与清单都指向它", () => {
    expect(bicep).toMatch(/resource addinSite 'Microsoft\.Web\/staticSites@/);
    expect(bicep).toMatch(
      /var addinUrl = empty\(addinOrigin\) \? 'https:\/\/\$\{addinSite\.properties\.defaultHostname\}' : addinOrigin/,
    );
    expect(bicep).toMatch(/cors: \{ allowedOrigins: \[ addinUrl \] \}/);
    expect(bicep).toMatch(/name: 'DUBAN_CORS_ORIGINS', value: addinUrl/);
    for (const o of ["addinUrl", "apiUrl", "functionAppName", "staticSiteName"])
      expect(outputs()).toContain(o);
  });

  it("函数应用：Flex Consumption、Node 20、托管身份、App Service 身份验证只放行健康检查和接口文档", () => {
    expect(bicep).toMatch(/sku: \{ name: 'FC1', tier: 'FlexConsumption' \}/);
    expect(bicep).toMatch(/runtime: \{ name: 'node', version: '20' \}/);
    expect(bicep).toMatch(/identity: \{ type: 'SystemAssigned' \}/);
    expect(bicep).toMatch(/unauthenticatedClientAction: 'Return401'/);
    expect(bicep).toMatch(/excludedPaths: \[ '\/api\/health', '\/api\/openapi\.json' \]/);
    // Flex Consumption takes its runtime from functionAppConfig; these settings would be refused there.
    for (const refused of [
      "FUNCTIONS_WORKER_RUNTIME",
      "FUNCTIONS_EXTENSION_VERSION",
      "WEBSITE_RUN_FROM_PACKAGE",
    ])
      expect(appSettings()).not.toContain(refused);
    expect(bicep).not.toMatch(/\t/);
  });
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string;
  permissions?: Record<string, string>;
  environment?: string;
  steps: Step[];
}

describe(".github/workflows/deploy.yml", () => {
  const wf = parse(workflow) as {
    on: unknown;
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
  const runs = steps.map((s) => s.run ?? "").join("\n");

  it("是有效的 YAML：构建测试，然后部署", () => {
    expect(Object.keys(wf.jobs)).toEqual(["build-test", "deploy"]);
    expect(wf.jobs.deploy!.needs).toBe("build-test");
    expect(runs).toContain("npm ci");
    expect(runs).toMatch(/npx vitest run/);
    expect(runs).toContain("npm run build");
    expect(runs).toContain("npm run lint:openapi");
  });

  it("用 OIDC 联合凭据登录 Azure，不存放 Azure 密钥", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.jobs.deploy!.permissions).toEqual({ "id-token": "write", contents: "read" });
    const login = steps.find((s) => s.uses?.startsWith("azure/login@"))!;
    expect(Object.keys(login.with!).sort()).toEqual(["client-id", "subscription-id", "tenant-id"]);
    expect(workflow).not.toMatch(/creds:|client-secret|AZURE_CREDENTIALS/);
  });

  it("部署 Bicep、压缩包发布函数、生成指向静态站点的生产清单并上传加载项", () => {
    expect(runs).toMatch(/az deployment group create[\s\S]*--template-file infra\/main\.bicep/);
    expect(runs).toMatch(/az functionapp deployment source config-zip[\s\S]*--src functions\.zip/);
    expect(runs).toMatch(/npm run manifest -- --host "\$\{\{ steps\.infra\.outputs\.addinUrl \}\}"/);
    expect(runs).toContain("cp dist/manifest.xml dist/addin/manifest.xml");
    const upload = steps.find((s) => s.uses?.startsWith("Azure/static-web-apps-deploy@"))!;
    expect(upload.with).toMatchObject({ action: "upload", app_location: "dist/addin", skip_app_build: true });
    // The package is what func start runs: the bundle at package.json "main", host.json, production dependencies.
    expect(runs).toMatch(/cp -r dist\/functions package\/dist\//);
    expect(runs).toMatch(/cp host\.json package\.json package-lock\.json package\//);
    expect(runs).toMatch(/npm ci --omit=dev/);
  });

  it("引用的模板输出都存在，模板参数都是模板里的参数", () => {
    const used = new Set([...workflow.matchAll(/steps\.infra\.outputs\.(\w+)/g)].map((m) => m[1]!));
    for (const o of used) expect(outputs(), `模板没有输出 ${o}`).toContain(o);
    for (const m of workflow.matchAll(/\b(\w+)="\$/g)) {
      if (["TOKEN"].includes(m[1]!)) continue;
      expect(bicep, `模板没有参数 ${m[1]}`).toMatch(new RegExp(`^param ${m[1]} `, "m"));
    }
    const required = [...bicep.matchAll(/^param (\w+) (?:string|int)$/gm)].map((m) => m[1]!);
    for (const p of required) expect(workflow, `工作流没有给出必填参数 ${p}`).toContain(`${p}=`);
  });
});

describe("README 的部署一节与模板和工作流一致", () => {
  const section = readme.slice(readme.indexOf("## Deploying to Azure"), readme.indexOf("## Architecture"));

  it("说明模板创建的资源、输出，以及工作流需要的变量", () => {
    for (const word of [
      "Flex Consumption",
      "Static Web App",
      "Log Analytics",
      "Application Insights",
      "deploy.yml",
    ])
      expect(section).toContain(word);
    for (const o of outputs()) expect(section, `README 没有提到输出 ${o}`).toContain(o);
    const vars = new Set([...workflow.matchAll(/\b(?:vars|secrets)\.(\w+)/g)].map((m) => m[1]!));
    for (const v of vars) expect(section, `README 没有提到 ${v}`).toContain(v);
    expect(section).toContain("APPLICATIONINSIGHTS_CONNECTION_STRING");
    expect(section).not.toMatch(/WEBSITE_RUN_FROM_PACKAGE|consumption-plan-location/);
  });
});
