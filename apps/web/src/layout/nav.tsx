import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';

import { cx } from '../ui/cx';
import { IconActivity, IconKey, IconPlay, IconPlug } from '../ui/icons';

const ITEMS: { href: string; label: string; icon: ReactNode }[] = [
  { href: '/integrations', label: 'Integrations', icon: <IconPlug className="size-[18px]" /> },
  { href: '/tools', label: 'Try tools', icon: <IconPlay className="size-[18px]" /> },
  { href: '/activity', label: 'Activity', icon: <IconActivity className="size-[18px]" /> },
  { href: '/api-keys', label: 'API keys', icon: <IconKey className="size-[18px]" /> },
];

function useCurrent(href: string): boolean {
  const [location] = useLocation();
  return location === href || location.startsWith(`${href}/`);
}

function NavLink({ href, label, icon, layout }: (typeof ITEMS)[number] & { layout: 'side' | 'top' }) {
  const current = useCurrent(href);
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={cx(
        'flex items-center rounded-lg font-medium whitespace-nowrap transition-colors',
        'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600',
        layout === 'side'
          ? 'gap-2.5 px-3 py-2 text-sm'
          : 'min-w-0 flex-col justify-center gap-0.5 px-1 py-1.5 text-xs sm:flex-row sm:gap-2 sm:text-sm',
        current ? 'bg-indigo-50 text-indigo-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
      )}
    >
      <span className={current ? 'text-indigo-600' : 'text-slate-400'}>{icon}</span>
      {label}
    </Link>
  );
}

export function SideNav() {
  return (
    <nav aria-label="Main" className="space-y-1">
      {ITEMS.map((item) => (
        <NavLink key={item.href} {...item} layout="side" />
      ))}
    </nav>
  );
}

/** Narrow screens: the same links under the header, side by side in equal columns, every one in sight. */
export function TopNav() {
  return (
    <nav aria-label="Main" className="grid grid-cols-4 gap-1 px-2 py-1.5 sm:px-4">
      {ITEMS.map((item) => (
        <NavLink key={item.href} {...item} layout="top" />
      ))}
    </nav>
  );
}
