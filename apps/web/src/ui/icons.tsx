import type { ReactNode } from 'react';

/** A few stroke icons (24×24 grid), drawn here rather than pulling an icon library into the bundle. */
function Icon({ className, children }: { className?: string | undefined; children: ReactNode }) {
  return (
    <svg
      className={className ?? 'size-4'}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

type P = { className?: string };

export const IconPlug = ({ className }: P) => (
  <Icon className={className}>
    <path d="M9 2v5M15 2v5M6 7h12v4a6 6 0 0 1-12 0V7ZM12 17v5" />
  </Icon>
);
export const IconPlay = ({ className }: P) => (
  <Icon className={className}>
    <path d="M7 4.5v15l12-7.5-12-7.5Z" />
  </Icon>
);
export const IconActivity = ({ className }: P) => (
  <Icon className={className}>
    <path d="M3 12h4l3-8 4 16 3-8h4" />
  </Icon>
);
export const IconKey = ({ className }: P) => (
  <Icon className={className}>
    <circle cx="8" cy="15" r="4" />
    <path d="m11 12 9-9M17 6l3 3M15 8l2 2" />
  </Icon>
);
export const IconCheckCircle = ({ className }: P) => (
  <Icon className={className}>
    <circle cx="12" cy="12" r="9" />
    <path d="m8 12 3 3 5-6" />
  </Icon>
);
export const IconCheck = ({ className }: P) => (
  <Icon className={className}>
    <path d="m5 12 5 5 9-10" />
  </Icon>
);
export const IconAlert = ({ className }: P) => (
  <Icon className={className}>
    <path d="M12 3 2 20h20L12 3Z" />
    <path d="M12 10v4M12 17h.01" />
  </Icon>
);
export const IconInfo = ({ className }: P) => (
  <Icon className={className}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5M12 8h.01" />
  </Icon>
);
export const IconX = ({ className }: P) => (
  <Icon className={className}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Icon>
);
export const IconExternal = ({ className }: P) => (
  <Icon className={className}>
    <path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />
  </Icon>
);
export const IconCopy = ({ className }: P) => (
  <Icon className={className}>
    <rect x="8" y="8" width="12" height="12" rx="2" />
    <path d="M16 8V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3" />
  </Icon>
);
export const IconRefresh = ({ className }: P) => (
  <Icon className={className}>
    <path d="M20 11a8 8 0 0 0-14.9-3M4 4v4h4M4 13a8 8 0 0 0 14.9 3M20 20v-4h-4" />
  </Icon>
);
export const IconLogout = ({ className }: P) => (
  <Icon className={className}>
    <path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 17l-5-5 5-5M5 12h11" />
  </Icon>
);
export const IconStar = ({ className }: P) => (
  <Icon className={className}>
    <path d="m12 3 2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9L12 3Z" />
  </Icon>
);
export const IconBolt = ({ className }: P) => (
  <Icon className={className}>
    <path d="M13 2 4 14h7l-1 8 9-12h-7l1-8Z" />
  </Icon>
);

/** Confluence's mark, simplified: two opposing arcs. */
export const ConfluenceLogo = ({ className }: P) => (
  <svg className={className ?? 'size-10'} viewBox="0 0 32 32" aria-hidden="true">
    <rect width="32" height="32" rx="8" fill="#0C66E4" />
    <path
      d="M7.5 20.6c-.2.3-.4.7-.6 1a.6.6 0 0 0 .2.8l3.6 2.2a.6.6 0 0 0 .8-.2l.5-.9c1.5-2.4 3-2.1 5.7-.8l3.6 1.7a.6.6 0 0 0 .8-.3l1.7-3.9a.6.6 0 0 0-.3-.8l-3.6-1.7c-5.2-2.5-9.6-2.3-12.4 2.9ZM24.5 11.4c.2-.3.4-.7.6-1a.6.6 0 0 0-.2-.8l-3.6-2.2a.6.6 0 0 0-.8.2l-.5.9c-1.5 2.4-3 2.1-5.7.8L10.7 7.6a.6.6 0 0 0-.8.3L8.2 11.8a.6.6 0 0 0 .3.8l3.6 1.7c5.2 2.5 9.6 2.3 12.4-2.9Z"
      fill="#fff"
    />
  </svg>
);
