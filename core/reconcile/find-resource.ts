// Finding the live network or volume that stands for a compose key. Shared by up (infra.ts),
// down and the recreate planners; kept apart so those modules do not import each other.
import type { ObservedNetwork, ObservedState, ObservedVolume } from '../observe/observed-state';
import type { DesiredNetwork, DesiredVolume } from './input';

/** The live network for a compose key: labelled with the key (the desired name preferred), else by name. */
export function findNetwork(observed: ObservedState, net: DesiredNetwork): ObservedNetwork | undefined {
  const labelled = observed.networks.filter((n) => n.managed && n.key === net.key);
  return labelled.find((n) => n.name === net.name) ?? labelled[0] ?? observed.networks.find((n) => n.name === net.name);
}

export function findVolume(observed: ObservedState, vol: DesiredVolume): ObservedVolume | undefined {
  const labelled = observed.volumes.filter((v) => v.managed && v.key === vol.key);
  return labelled.find((v) => v.name === vol.name) ?? labelled[0] ?? observed.volumes.find((v) => v.name === vol.name);
}
