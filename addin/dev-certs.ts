// HTTPS material for the add-in's dev server. Office only loads task panes over HTTPS, so the dev server
// uses the same localhost certificates as the official Office add-in tooling (~/.office-addin-dev-certs),
// generating them on first use. Shared by addin/vite.config.ts and scripts/start.ts.
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";

export interface DevHttpsOptions {
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
}

export const devCertificateDirectory = join(homedir(), ".office-addin-dev-certs");
const caPath = join(devCertificateDirectory, "ca.crt");
const certPath = join(devCertificateDirectory, "localhost.crt");
const keyPath = join(devCertificateDirectory, "localhost.key");

/** Regenerate a little before expiry so a long dev session does not hit an expired certificate. */
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

function readExisting(): DevHttpsOptions | null {
  if (![caPath, certPath, keyPath].every((file) => existsSync(file))) return null;
  const options = { key: readFileSync(keyPath), cert: readFileSync(certPath), ca: readFileSync(caPath) };
  try {
    const validTo = Date.parse(new X509Certificate(options.cert).validTo);
    if (!(validTo - Date.now() > RENEW_BEFORE_MS)) return null;
  } catch {
    return null;
  }
  return options;
}

async function generate(): Promise<void> {
  // CommonJS package, loaded only when needed: it pulls in its telemetry module at load time.
  const devCerts: typeof import("office-addin-dev-certs") = createRequire(import.meta.url)(
    "office-addin-dev-certs",
  );
  // generateCertificates() writes nothing when ca.crt already exists, so stale files must go first.
  for (const file of [caPath, certPath, keyPath]) rmSync(file, { force: true });
  await devCerts.generateCertificates(caPath, certPath, keyPath);
  try {
    // Trusting the CA needs admin rights (sudo on Linux). Without them the page still works in a browser
    // that accepts the certificate; Office desktop needs the CA trusted: `npx office-addin-dev-certs install`.
    await devCerts.installCaCertificate(caPath);
  } catch (error) {
    console.warn(
      `Could not trust the development CA (${error instanceof Error ? error.message.split("\n")[0] : String(error)}).\n` +
        `Certificates are in ${devCertificateDirectory}; run "npx office-addin-dev-certs install" with admin rights to trust them.`,
    );
  }
}

/** Key, certificate and CA for https://localhost, generated under ~/.office-addin-dev-certs if missing or expiring. */
export async function getDevHttpsOptions(): Promise<DevHttpsOptions> {
  const existing = readExisting();
  if (existing) return existing;
  await generate();
  const generated = readExisting();
  if (!generated)
    throw new Error(`Development certificates could not be created in ${devCertificateDirectory}`);
  return generated;
}
