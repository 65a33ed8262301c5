"use client";

const area = "w-full rounded border border-zinc-300 bg-transparent p-2 font-mono text-xs dark:border-zinc-700";
const label = "flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400";

/** An optional MockConfigFile and the test case to use from it (required once a mock config is given). */
export function MockConfigFields({
  caption,
  mockConfig,
  onMockConfig,
  testCase,
  onTestCase,
  heightClass = "h-32",
}: {
  caption: string;
  mockConfig: string;
  onMockConfig: (value: string) => void;
  testCase: string;
  onTestCase: (value: string) => void;
  heightClass?: string;
}) {
  return (
    <>
      <label className={label}>
        {caption}
        <textarea
          name="mockConfig"
          className={`${area} ${heightClass}`}
          spellCheck={false}
          value={mockConfig}
          onChange={(e) => onMockConfig(e.target.value)}
        />
      </label>
      <label className={label}>
        Test case
        <input
          name="testCase"
          className="w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
          value={testCase}
          onChange={(e) => onTestCase(e.target.value)}
          required={mockConfig.trim() !== ""}
        />
      </label>
    </>
  );
}
