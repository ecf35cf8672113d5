/**
 * What auth-dialog.html does (addin/src/authDialog/authDialog.ts gives it the page, Office and MSAL): the
 * last-resort sign-in inside an Office dialog. It runs MSAL's redirect flow with a standard public client (nested
 * app authentication is what the host lacked) and sends the token, or the error, to the pane with
 * Office.context.ui.messageParent. The page is also MSAL's redirect URI (register https://<add-in host>/auth-dialog.html
 * as a single-page application redirect URI): when Entra ID's answer arrives here, MSAL's redirect bridge takes it
 * back to the page that started the flow, which then reads it with handleRedirectPromise.
 */
import { apiScope } from "./index";
import { DIALOG_PAGE, type DialogMessage } from "./dialog";
import { deployedSsoClientId, deployedTenantId } from "./officeSso";

interface TokenResult {
  accessToken: string;
  expiresOn: Date | null;
  account: unknown;
}

/** What the page needs of MSAL's standard public client (IPublicClientApplication). */
export interface StandardClient {
  handleRedirectPromise(): Promise<TokenResult | null>;
  setActiveAccount(account: never): void;
  getActiveAccount(): unknown;
  getAllAccounts(): unknown[];
  acquireTokenSilent(request: { scopes: string[]; account: never }): Promise<TokenResult>;
  acquireTokenRedirect(request: {
    scopes: string[];
    redirectUri: string;
    redirectStartPage: string;
  }): Promise<void>;
}

export interface DialogPageDeps {
  location: { search: string; hash: string; origin: string; href: string };
  /** Office.context.ui.messageParent. */
  messageParent(message: string): void;
  /** The page's one line of status text. */
  show(text: string): void;
  /** createStandardPublicClientApplication. */
  createClient(config: {
    auth: { clientId: string; authority: string; redirectUri: string };
    cache: { cacheLocation: "localStorage" };
  }): Promise<StandardClient>;
  /** MSAL's redirect bridge (broadcastResponseToMainFrame). */
  broadcastResponse(): Promise<void>;
}

/** Entra ID's answer (a code or an error) in the URL: this load is the redirect back from sign-in. */
export function isAuthResponse(location: { search: string; hash: string }): boolean {
  return /(^|[#?&])(code|error)=/.test(location.hash) || /[?&](code|error)=/.test(location.search);
}

export async function runDialogPage(deps: DialogPageDeps): Promise<void> {
  const send = (message: DialogMessage) => deps.messageParent(JSON.stringify(message));
  const ok = (result: TokenResult): DialogMessage => ({
    status: "ok",
    token: result.accessToken,
    expiresOn: result.expiresOn?.getTime() ?? null,
  });
  try {
    const { location } = deps;
    if (isAuthResponse(location)) {
      deps.show("正在完成登录…");
      await deps.broadcastResponse();
      return;
    }
    const clientId = deployedSsoClientId(location.search);
    if (!clientId) {
      send({
        status: "error",
        code: "invalid_client",
        message: `${DIALOG_PAGE} opened without ?sso=<client id>`,
      });
      return;
    }
    const tenant = deployedTenantId(location.search);
    const redirectUri = `${location.origin}/${DIALOG_PAGE}`;
    const pca = await deps.createClient({
      auth: {
        clientId,
        authority: `https://login.microsoftonline.com/${tenant ?? "organizations"}`,
        redirectUri,
      },
      cache: { cacheLocation: "localStorage" },
    });
    const scopes = [apiScope(location.origin, clientId)];
    const result = await pca.handleRedirectPromise();
    if (result) {
      pca.setActiveAccount(result.account as never);
      send(ok(result));
      return;
    }
    const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
    if (account) {
      try {
        send(ok(await pca.acquireTokenSilent({ scopes, account: account as never })));
        return;
      } catch {
        // Interaction needed: sign in below.
      }
    }
    deps.show("正在打开 Microsoft 登录页面…");
    await pca.acquireTokenRedirect({ scopes, redirectUri, redirectStartPage: location.href });
  } catch (error) {
    const e = error as { errorCode?: unknown; name?: unknown; message?: unknown };
    const code = typeof e?.errorCode === "string" ? e.errorCode : typeof e?.name === "string" ? e.name : "";
    deps.show("登录失败，请关闭此窗口后重试。");
    send({ status: "error", code, message: typeof e?.message === "string" ? e.message : String(error) });
  }
}
