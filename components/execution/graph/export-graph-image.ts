"use client";

import { toPng, toSvg } from "html-to-image";

/** Saves the whole graph (not just what is in view) at 1:1 as PNG or SVG. */
export async function exportGraphImage(
  root: HTMLElement,
  size: { width: number; height: number },
  format: "png" | "svg",
  fileName: string,
): Promise<void> {
  const viewport = root.querySelector<HTMLElement>(".react-flow__viewport");
  if (!viewport) return;
  const dark = document.documentElement.classList.contains("dark");
  const options = {
    backgroundColor: dark ? "#09090b" : "#ffffff",
    width: Math.ceil(size.width),
    height: Math.ceil(size.height),
    style: {
      width: `${Math.ceil(size.width)}px`,
      height: `${Math.ceil(size.height)}px`,
      transform: "translate(0px, 0px) scale(1)",
    },
  };
  const url = format === "png" ? await toPng(viewport, options) : await toSvg(viewport, options);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${fileName}.${format}`;
  a.click();
}
