/**
 * A start-up configuration problem. The message names the variable and says what to do; it never quotes a
 * secret's value, because start-up errors end up in logs and CI output.
 */
export class ConfigError extends Error {
  readonly kind = 'CONFIG' as const;
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/** Several problems at once, so a misconfigured deployment is fixed in one round trip rather than one per restart. */
export class ConfigErrors extends Error {
  readonly kind = 'CONFIG' as const;
  readonly problems: readonly ConfigError[];

  constructor(problems: readonly ConfigError[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
    this.name = 'ConfigErrors';
    this.problems = problems;
  }
}
