// Operation ids read as what the operation does, so plan text and `after` edges need no lookup
// table: `create container demo-web-1`, `wait db service_healthy`. Container, network and volume
// names are unique on an engine, so the ids are unique in a plan.

export const opId = {
  createNetwork: (name: string) => `create network ${name}`,
  removeNetwork: (name: string) => `remove network ${name}`,
  disconnectNetwork: (container: string, network: string) => `disconnect ${container} from ${network}`,
  connectNetwork: (container: string, network: string) => `connect ${container} to ${network}`,
  createVolume: (name: string) => `create volume ${name}`,
  removeVolume: (name: string) => `remove volume ${name}`,
  createContainer: (name: string) => `create container ${name}`,
  recreateContainer: (name: string) => `recreate container ${name}`,
  stopContainer: (name: string) => `stop container ${name}`,
  removeContainer: (name: string) => `remove container ${name}`,
  renameContainer: (from: string) => `rename container ${from}`,
  startContainer: (name: string) => `start container ${name}`,
  unpauseContainer: (name: string) => `unpause container ${name}`,
  waitCondition: (service: string, condition: string) => `wait ${service} ${condition}`,
  removeImage: (image: string) => `remove image ${image}`,
};
