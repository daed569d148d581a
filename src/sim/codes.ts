/**
 * Every issue code a scenario file can get from `hull sim check`, with a
 * one-line summary. docs/errors.md lists the same codes (the catalogue test
 * keeps them in step). Parse errors of the YAML itself keep src/source's SRC_* codes.
 */
export const SIM_ISSUE_CODES = {
  SIM_EMPTY: 'The scenario file holds no document.',
  SIM_UNKNOWN_KEY: 'A key the scenario format does not have (a typo, or a field at the wrong level).',
  SIM_MISSING_KEY: 'A required key is absent (a group without a channel, a release without a version, …).',
  SIM_TYPE_MISMATCH:
    'A value has the wrong type (a list where a mapping belongs, a number where a version string belongs, …).',
  SIM_OUT_OF_RANGE:
    'A number is outside its range (a policy value as the update server bounds it, a share above 1, a lock max of 0, …).',
  SIM_BAD_VALUE:
    'A value is not one of the allowed words (a reboot strategy, a release outcome, …) or not of the allowed form.',
  SIM_BAD_VERSION: 'A version is not a version as the update server compares them (`3815.2.0`).',
  SIM_BAD_DURATION: 'A duration is neither Go syntax (`90m`, `1h30m`) nor ISO 8601 (`PT90M`, `P2D`).',
  SIM_BAD_TIME: 'The start of the virtual clock is not an ISO 8601 UTC instant (`2026-01-05T08:00:00Z`).',
  SIM_BAD_TIMEZONE: 'An office-hours time zone is not an IANA zone this runtime knows (`Europe/Berlin`, `UTC`).',
  SIM_BAD_WINDOW:
    'A reboot window is not as locksmithd reads it (start `HH:MM` or `Day HH:MM`, a length shorter than the period).',
  SIM_NEGATIVE_TIME: 'An event or a staged schedule starts before the simulation (a negative time).',
  SIM_AFTER_END: 'An event happens after the simulation ends (`at` is not below `duration`).',
  SIM_DUPLICATE: 'Two releases, channels or groups have the same version or name, or a group is given machines twice.',
  SIM_UNKNOWN_RELEASE:
    'A version that no entry of `releases` declares (in a channel, the fleet, an event, a pin or an expectation).',
  SIM_UNKNOWN_CHANNEL: 'A channel name that `server.channels` does not declare.',
  SIM_UNKNOWN_GROUP: 'A group name that `server.groups` does not declare.',
  SIM_EVENT_ACTION: 'An event has no action or more than one (exactly one of promote, halt, resume, pin, unpin).',
  SIM_LOCK_MISSING:
    'Machines use the etcd-lock or fleetlock strategy but the scenario has no `lock`, or the lock kind does not match the strategy.',
  SIM_TOO_MANY:
    "A failure injection names more machines than its group has, or the fleet is above the simulator's limit (100 000 machines).",
} as const;

export type SimIssueCode = keyof typeof SIM_ISSUE_CODES;
