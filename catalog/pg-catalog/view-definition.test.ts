import { describe, expect, it } from 'vitest';
import { viewDefinition } from './view-definition.ts';

describe('viewDefinition (pg_get_viewdef, pretty)', () => {
  it('deparses simple views as PostgreSQL 15 prints them', () => {
    expect(viewDefinition('SELECT id FROM t')).toBe(' SELECT t.id\n   FROM t;');
    expect(viewDefinition('select name, count(*) as c from t group by name')).toBe(' SELECT t.name,\n    count(*) AS c\n   FROM t\n  GROUP BY t.name;');
    expect(viewDefinition('select x.id as k, lower(name) from t x order by id desc')).toBe(' SELECT x.id AS k,\n    lower(x.name) AS lower\n   FROM t x\n  ORDER BY x.id DESC;');
  });

  it('prints other queries as written', () => {
    expect(viewDefinition('SELECT id FROM t WHERE price < 10;')).toBe(' SELECT id FROM t WHERE price < 10;');
  });
});
