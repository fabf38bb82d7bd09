// In-process engine events (Docker's /events shape): publish, subscribe with filters, replay.
export { EventBus, matchesFilters, type EventInput, type EventFilters, type EventListener, type EventType } from './event-bus';
