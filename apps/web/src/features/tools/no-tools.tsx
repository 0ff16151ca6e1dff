import { Link } from 'wouter';

import { Card, EmptyState } from '../../ui/card';
import { IconPlug } from '../../ui/icons';

/** Every connection's capabilities are switched off (or there is nothing the user may call). */
export function NoTools() {
  return (
    <Card>
      <EmptyState
        icon={<IconPlug className="size-5" />}
        title="No tools are available to you"
        action={
          <Link href="/integrations" className="text-sm font-medium text-indigo-700 underline">
            Check the connections in Integrations
          </Link>
        }
      >
        The hub offers only the tools some connection allows: every connection here has its capabilities
        (read, search, write pages, comment) switched off. An admin can switch them on in Integrations.
      </EmptyState>
    </Card>
  );
}
