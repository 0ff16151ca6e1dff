import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { NewKeyPanel } from './new-key-panel';

describe('NewKeyPanel', () => {
  it('shows the MCP configuration for this hub and the key, and copies it', async () => {
    const user = userEvent.setup();
    render(
      <NewKeyPanel
        apiKey="hub_secret"
        name="support-bot"
        origin="https://hub.example.com"
        onDone={vi.fn()}
      />,
    );
    const snippet = screen.getByTestId('mcp-config').textContent;
    expect(JSON.parse(snippet)).toEqual({
      mcpServers: {
        confluence: {
          type: 'http',
          url: 'https://hub.example.com/mcp',
          headers: { Authorization: 'Bearer hub_secret' },
        },
      },
    });
    await user.click(screen.getByRole('button', { name: 'Copy configuration' }));
    expect(await navigator.clipboard.readText()).toBe(snippet);
    expect(screen.getByTestId('copy-mcp-config')).toHaveTextContent('Copied');
  });
});
