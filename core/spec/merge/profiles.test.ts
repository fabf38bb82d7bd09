import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activeProfiles, dependenciesOf, selectServices } from './profiles';

const tree = {
  services: {
    web: { image: 'w', depends_on: ['api'] },
    api: { image: 'a', profiles: ['backend'], links: ['db:database'] },
    db: { image: 'd', profiles: ['backend'] },
    debug: { image: 'x', profiles: ['debug'], network_mode: 'service:web', volumes_from: ['db:ro', 'container:foo'] },
  },
};

describe('selectServices', () => {
  it('enables services without profiles, and those of an active profile', () => {
    assert.deepEqual(selectServices(tree, []), { enabled: ['web'], disabled: ['api', 'db', 'debug'] });
    assert.deepEqual(selectServices(tree, ['backend']).enabled, ['web', 'api', 'db']);
    assert.deepEqual(selectServices(tree, ['*']).enabled, ['web', 'api', 'db', 'debug']);
  });
  it('enables a service named on the command line and what it depends on', () => {
    assert.deepEqual(selectServices(tree, [], ['web']).enabled, ['web', 'api', 'db']);
    assert.deepEqual(selectServices(tree, [], ['debug']).enabled, ['web', 'api', 'db', 'debug']);
  });
  it('lists every kind of dependency', () => {
    assert.deepEqual(dependenciesOf(tree.services.debug), ['db', 'web']);
  });
});

describe('activeProfiles', () => {
  it('takes --profile flags, else COMPOSE_PROFILES', () => {
    assert.deepEqual(activeProfiles(['a', 'a'], { COMPOSE_PROFILES: 'x' }), ['a']);
    assert.deepEqual(activeProfiles([], { COMPOSE_PROFILES: 'x, y,,' }), ['x', 'y']);
    assert.deepEqual(activeProfiles(undefined, {}), []);
  });
});
