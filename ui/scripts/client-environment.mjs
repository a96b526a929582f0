// A Vitest environment for modules that run in the window: they are transformed as for the
// client (Svelte's client runtime, so $state and $effect react as they do there), without a DOM.
// A test file opts in with the docblock `@vitest-environment ./scripts/client-environment.mjs`.
export default {
  name: "client",
  viteEnvironment: "client",
  setup() {
    return { teardown() {} };
  },
};
