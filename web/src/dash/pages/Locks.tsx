// Reboot locks: FleetLock groups, their slots and holders; an admin releases a stale holder.
import { useState } from 'react';
import { api, type ApiError } from '../api.js';
import { AdminOnly } from '../auth.js';
import type { Items, LockGroup } from '../types.js';
import { Ago, asApiError, Empty, ErrorBox, Load, Since, useApi, useTitle } from '../ui.js';

export function LocksPage() {
  useTitle('Reboot locks');
  const state = useApi<Items<LockGroup>>('/api/v1/fleetlock/groups');
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState('');
  const [confirm, setConfirm] = useState<{ group: string; id: string } | null>(null);
  const release = async (group: string, id: string) => {
    setError(undefined);
    setNotice('');
    try {
      await api('DELETE', `/api/v1/fleetlock/groups/${encodeURIComponent(group)}/holders/${encodeURIComponent(id)}`);
      setNotice(`Released ${id} in ${group}.`);
      setConfirm(null);
      state.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  return (
    <>
      <h1>Reboot locks</h1>
      <p>
        Machines using FleetLock (Zincati, <code>hull agent</code> with <code>REBOOT_STRATEGY=fleetlock</code>) take a
        slot before rebooting and give it back when up again. A holder is the machine's Zincati node id (a machine's own
        page says whether it holds a slot). A holder that never came back keeps its slot (one held for longer than a
        reboot takes is likely stale): release it here.
      </p>
      <div aria-live="polite" className="notice">
        {notice}
      </div>
      <ErrorBox error={error} what="release the lock" />
      <Load state={state} what="load the FleetLock groups">
        {({ items }) =>
          items.length === 0 ? (
            <Empty title="No FleetLock group yet.">
              A group is made at a machine's first lock request (with one slot), or with PUT
              /api/v1/fleetlock/groups/NAME {'{"slots": N}'}.
            </Empty>
          ) : (
            <div className="scroll-x">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Group</th>
                    <th scope="col">Slots used</th>
                    <th scope="col">Holders, since when</th>
                    <th scope="col">Last change</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((g) => (
                    <tr key={g.name}>
                      <th scope="row">{g.name}</th>
                      <td>
                        {g.holders.length} of {g.slots}
                      </td>
                      <td>
                        {g.holders.length === 0 ? (
                          'none'
                        ) : (
                          <ul className="plain">
                            {g.holders.map((id) => (
                              <li key={id} data-testid="lock-holder">
                                <code>{id}</code> <Since at={g.holderSince?.[id]} />{' '}
                                <AdminOnly>
                                  {confirm?.group === g.name && confirm.id === id ? (
                                    <span role="alertdialog" aria-label={`Release ${id}?`} className="confirm-inline">
                                      Release {id}? It may be rebooting now.{' '}
                                      <button
                                        type="button"
                                        className="danger"
                                        // biome-ignore lint/a11y/noAutofocus: the confirmation appears on the user's own click; focus moves to its button so Enter confirms and Tab leaves
                                        autoFocus
                                        onClick={() => void release(g.name, id)}
                                      >
                                        Release
                                      </button>{' '}
                                      <button type="button" onClick={() => setConfirm(null)}>
                                        Cancel
                                      </button>
                                    </span>
                                  ) : (
                                    <button
                                      type="button"
                                      className="small"
                                      aria-label={`Release ${id} in ${g.name}`}
                                      onClick={() => setConfirm({ group: g.name, id })}
                                    >
                                      Release
                                    </button>
                                  )}
                                </AdminOnly>
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>
                        <Ago at={g.updatedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Load>
    </>
  );
}
