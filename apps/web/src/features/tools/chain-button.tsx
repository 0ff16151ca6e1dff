import { createContext, useContext, type ComponentProps } from 'react';

import { Button } from '../../ui/button';
import type { ToolName } from './types';

/** The tools `tools.list` offered this user; null (outside the tester) means "don't filter". */
export const AvailableTools = createContext<ReadonlySet<string> | null>(null);

/**
 * A result's "next step" button (Open page, Edit this page, Comment on it, …). It is not shown when the tool it
 * opens is not one the user may call: `tools.list` leaves out what no connection allows.
 */
export function ChainButton({ tool, ...props }: ComponentProps<typeof Button> & { tool: ToolName }) {
  const available = useContext(AvailableTools);
  if (available !== null && !available.has(tool)) return null;
  return <Button {...props} />;
}
