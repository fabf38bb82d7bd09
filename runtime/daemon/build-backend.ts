// The builder as the API's BuildBackend: requests passed through, and the image events dockerd
// emits for a build's result (a `tag` per name given).
import type { BuildBackend } from '../api/backend';
import type { Builder } from '../build/index';
import type { EventBus } from '../events/index';

export function buildBackend(builder: Builder, events: EventBus): BuildBackend {
  return {
    build: async (context, req, emit) => {
      const id = await builder.build(context, req, emit);
      for (const t of req.tags) events.publish({ Type: 'image', Action: 'tag', Actor: { ID: id, Attributes: { name: t } } });
      return id;
    },
    prune: () => builder.prune(),
  };
}
