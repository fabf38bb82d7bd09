// Validation at the API boundary: each route's body checked against a schema of dockerd's Go
// struct, 400 with Docker's message otherwise (see docker-message.ts).
export { validBody, validate, type JsonBodySource } from './body';
export { containerCreateBody } from './container-create';
export { execCreateBody, execStartBody, networkConnectBody, networkCreateBody, networkDisconnectBody, volumeCreateBody } from './other-bodies';
