/**
 * The reader's theme, before the page paints: "light", "dark", or (nothing stored) the system's.
 * A classic script in <head>, so there is no flash of the wrong theme. Then the masthead's switch
 * (hidden without JavaScript, where the system's preference simply applies) cycles and remembers.
 */
const KEY = "broadsheet-theme";
type Theme = "auto" | "light" | "dark";
const LABEL: Record<Theme, string> = { auto: "Theme: as the system", light: "Theme: light", dark: "Theme: dark" };

function stored(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : "auto";
  } catch {
    return "auto";
  }
}

function apply(theme: Theme): void {
  if (theme === "auto") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

apply(stored());

document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector<HTMLButtonElement>("button.theme-switch");
  if (!button) return;
  const show = (t: Theme) => {
    button.textContent = LABEL[t];
    button.setAttribute("aria-label", `${LABEL[t]}. Change the theme`);
  };
  show(stored());
  button.hidden = false;
  button.addEventListener("click", () => {
    const next: Theme = { auto: "light", light: "dark", dark: "auto" }[stored()] as Theme;
    try {
      if (next === "auto") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      // Storage refused (private mode): the choice lasts for this page.
    }
    apply(next);
    show(next);
  });
});
