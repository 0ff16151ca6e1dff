/** The slice of Atlassian Document Format the emulator reads and writes. */
export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: AdfMark[];
}

export const MACRO_EXTENSION_TYPE = 'com.atlassian.confluence.macro.core';

export function isAdfNode(value: unknown): value is AdfNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}
