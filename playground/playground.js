/* global document, fetch, sessionStorage, React, ReactDOM, GraphiQL */
// The gateway's playground: GraphiQL with a field for the caller's key,
// which stays in this tab's sessionStorage and goes only in the
// Authorization header of POSTs to /graphql, never in a URL.
(() => {
  'use strict';

  const KEY_ITEM = 'intercom-gateway:key';
  const open = document.body.dataset.open === 'true';
  const form = document.getElementById('key-form');
  const input = document.getElementById('key');
  const forget = document.getElementById('forget-key');
  const notice = document.getElementById('notice');
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));

  let key = open ? '' : (sessionStorage.getItem(KEY_ITEM) ?? '');
  let mounts = 0;
  let introspectionRefused = false;

  function say(text, warning = false) {
    notice.textContent = text;
    notice.className = warning ? 'warning' : '';
  }

  /** One POST as JSON, which Apollo's CSRF prevention lets through. */
  async function post(body) {
    const headers = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
    return response.json();
  }

  function codes(answer) {
    return (answer.errors ?? []).map((error) => error.extensions?.code);
  }

  async function fetcher(params) {
    const answer = await post(params);
    if (
      params.operationName === 'IntrospectionQuery' &&
      codes(answer).includes('FORBIDDEN') &&
      !introspectionRefused
    ) {
      introspectionRefused = true;
      say(
        'This key may not read the schema (introspection is off for it), so the docs are empty; queries still run.',
        true,
      );
    }
    return answer;
  }

  /** An example query for one connection the caller may use. */
  function example({ id, region }) {
    const name = id.replace(/[^A-Za-z0-9_]/g, '_');
    return {
      query: `# ${id} (${region}): its status, workspace and 5 conversations.
# Run it with the play button or Ctrl+Enter.
query Connection_${name} {
  connection(id: "${id}") {
    id
    region
    status
    workspace {
      name
      conversations(first: 5) {
        totalCount
        nodes {
          id
          state
          createdAt
        }
      }
    }
  }
}
`,
    };
  }

  const WITHOUT_KEY = {
    query: `# Enter your key above to see an example query for each
# connection you may use. The docs (the book icon) list every type.
`,
  };

  /** Tabs live in memory only: queries and answers stay out of storage. */
  function memoryStorage() {
    const items = new Map();
    return {
      getItem: (name) => (items.has(name) ? items.get(name) : null),
      setItem: (name, value) => items.set(name, String(value)),
      removeItem: (name) => items.delete(name),
      clear: () => items.clear(),
      get length() {
        return items.size;
      },
    };
  }

  function render(tabs, askSchema = true) {
    mounts += 1;
    introspectionRefused = false;
    root.render(
      React.createElement(GraphiQL, {
        // A new key remounts GraphiQL: the schema is read again with the
        // key, and the tabs are the new caller's examples.
        key: mounts,
        fetcher,
        defaultTabs: tabs,
        storage: memoryStorage(),
        isHeadersEditorEnabled: false,
        shouldPersistHeaders: false,
        // Without a key there is nothing to ask: the gateway would refuse
        // the schema's introspection with UNAUTHENTICATED.
        ...(askSchema ? {} : { schema: null }),
      }),
    );
  }

  async function start() {
    if (!open && !key) {
      say('Enter your key to run queries.');
      render([WITHOUT_KEY], false);
      return;
    }
    let answer;
    try {
      answer = await post({ query: '{ connections { id region } }' });
    } catch {
      say('The gateway did not answer; is it running?', true);
      render([WITHOUT_KEY]);
      return;
    }
    if (codes(answer).includes('UNAUTHENTICATED')) {
      // A key the gateway refuses is not worth keeping.
      key = '';
      sessionStorage.removeItem(KEY_ITEM);
      say('The gateway does not know this key; check it and try again.', true);
      render([WITHOUT_KEY], false);
      return;
    }
    const connections = answer.data?.connections ?? [];
    say(
      connections.length === 0
        ? 'This key may use no connection.'
        : `${open ? 'Open mode, no key needed. ' : ''}One example tab per connection: ${connections.map((c) => c.id).join(', ')}.`,
    );
    render(connections.length === 0 ? [WITHOUT_KEY] : connections.map(example));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    key = input.value.trim();
    input.value = '';
    if (key) sessionStorage.setItem(KEY_ITEM, key);
    else sessionStorage.removeItem(KEY_ITEM);
    void start();
  });

  forget.addEventListener('click', () => {
    key = '';
    input.value = '';
    sessionStorage.removeItem(KEY_ITEM);
    void start();
  });

  if (key) input.placeholder = 'key kept for this tab';
  void start();
})();
