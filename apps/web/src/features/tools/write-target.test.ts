import { describe, expect, it } from 'vitest';

import { connection, sandbox } from '../../test/connection-fixture';
import { writeTarget } from './write-target';

describe('writeTarget', () => {
  it('no connection chosen: the default, said to be the default', () => {
    expect(writeTarget([connection(), sandbox()], '')).toMatchObject({
      kind: 'site',
      connection: { id: 'conn-1' },
      viaDefault: true,
    });
  });

  it('a disconnected default is refused, never replaced by the other live site', () => {
    const target = writeTarget([connection({ status: 'disconnected' }), sandbox()], '');
    expect(target.kind).toBe('refused');
    expect(target).toMatchObject({ reason: expect.stringContaining('Acme is the workspace') as unknown });
  });

  it('no default: refused even when exactly one site is live', () => {
    expect(writeTarget([sandbox()], '')).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('CONNECTION_AMBIGUOUS') as unknown,
    });
  });

  it('a chosen connection: that one; refused once it is disconnected', () => {
    expect(writeTarget([connection(), sandbox()], 'conn-2')).toMatchObject({
      kind: 'site',
      connection: { id: 'conn-2' },
      viaDefault: false,
    });
    expect(writeTarget([connection(), sandbox({ status: 'disconnected' })], 'conn-2').kind).toBe('refused');
  });
});
