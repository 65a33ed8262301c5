"use client";

/** Dark/light switch; the choice is stored and applied before paint by the script in the root layout. */
export function ThemeToggle() {
  return (
    <button
      type="button"
      className="rounded border border-zinc-300 px-2 py-1 text-xs dark:border-zinc-700"
      onClick={() => {
        const dark = document.documentElement.classList.toggle("dark");
        window.localStorage.setItem("stepscope.theme", dark ? "dark" : "light");
      }}
    >
      Theme
    </button>
  );
}
