"use client";

import { useEffect, useRef, type FormEvent, type ReactNode } from "react";

const button = "rounded border px-3 py-1 text-sm";

/**
 * A modal confirm step (native `<dialog>`: focus trapped, Escape closes). `confirmLabel`
 * null: an explanation only (a "why not" dialog), with a Close button. `busy`: work is under
 * way (the button says "Working…"); `disabled`: there is nothing to confirm (the button keeps its label).
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busy,
  disabled,
  onConfirm,
  onClose,
  testId,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string | null;
  busy?: boolean;
  disabled?: boolean;
  onConfirm?: () => void;
  onClose: () => void;
  testId: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const node = dialog.current;
    if (!node) return;
    if (open && !node.open) node.showModal();
    if (!open && node.open) node.close();
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm?.();
  };
  return (
    <dialog
      ref={dialog}
      aria-label={title}
      data-testid={testId}
      onClose={onClose}
      className="w-[min(36rem,95vw)] rounded border border-zinc-300 bg-white p-0 text-zinc-900 backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <form onSubmit={submit} className="flex flex-col gap-3 p-4 text-sm">
        <h2 className="text-base font-semibold">{title}</h2>
        {children}
        <div className="flex justify-end gap-2">
          <button type="button" className={`${button} border-zinc-300 dark:border-zinc-700`} onClick={onClose}>
            {confirmLabel === null ? "Close" : "Cancel"}
          </button>
          {confirmLabel === null ? null : (
            <button
              type="submit"
              disabled={busy === true || disabled === true}
              className={`${button} border-blue-700 bg-blue-700 text-white disabled:opacity-60`}
            >
              {busy ? "Working…" : confirmLabel}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
