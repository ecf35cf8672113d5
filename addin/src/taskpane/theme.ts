import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";

/** Relative luminance (0 black … 1 white) of a #RRGGBB or #RGB colour, or null when unparsable. */
export function luminance(color: string): number | null {
  const hex = color.trim().replace(/^#/, "");
  const full = /^[0-9a-f]{3}$/i.test(hex) ? hex.replace(/./g, (c) => c + c) : hex;
  if (!/^[0-9a-f]{6}$/i.test(full)) return null;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const channel = parseInt(full.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Dark Office themes (黑色/深灰色) get the dark Fluent theme; anything else or unknown is light. */
export function themeForOffice(officeTheme: { bodyBackgroundColor?: string } | undefined | null): Theme {
  const background = officeTheme?.bodyBackgroundColor;
  const value = background ? luminance(background) : null;
  return value !== null && value < 0.2 ? webDarkTheme : webLightTheme;
}

/** The theme of the running Office host; light outside Office or where the host does not expose it. */
export function currentOfficeTheme(): Theme {
  try {
    return themeForOffice(typeof Office === "undefined" ? undefined : Office.context?.officeTheme);
  } catch {
    return webLightTheme;
  }
}
