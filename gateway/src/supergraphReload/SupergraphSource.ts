import { createHash } from 'node:crypto';
import type { SupergraphManager, SupergraphSdlHook } from '@apollo/gateway';

type SupergraphSdlHookOptions = Parameters<SupergraphSdlHook>[0];
import { Supergraph } from '@apollo/federation-internals';
import { internOneByteNames } from '@ordergraph/core';
import type { Logger } from '@ordergraph/telemetry';
import { readSupergraph } from '../supergraph.js';
import { pollSupergraphUrl, type SupergraphUrlOptions } from './pollSupergraphUrl.js';
import { watchSupergraphFile } from './watchSupergraphFile.js';

export interface SupergraphReloadMetrics {
  /** A supergraph is being served: the first one, or a new one (`reload`). */
  loaded(hash: string, reload: boolean): void;
  /** A candidate was not swapped in: `invalid` SDL, or the URL was `unreachable`. */
  failed(reason: 'invalid' | 'unreachable'): void;
}

export interface SupergraphSourceOptions {
  /** The supergraph file (`SUPERGRAPH_PATH`): the first supergraph, and watched when `watch`. */
  path: string;
  /** Reload when the file changes, written in place or replaced by a rename (`SUPERGRAPH_WATCH`). @default true */
  watch: boolean;
  /** Poll a schema registry (`SUPERGRAPH_URL`); its supergraph replaces the file's. */
  url: SupergraphUrlOptions | null;
  logger: Logger;
  metrics: SupergraphReloadMetrics;
}

/** sha256 of the SDL: the schema's identity in logs and metrics (ApolloGateway's composition id). */
export const supergraphHash = (sdl: string) => createHash('sha256').update(sdl).digest('hex');

/**
 * Where the gateway's supergraph comes from, as an @apollo/gateway SupergraphManager: the file,
 * then every change of the file or of the registry's copy. A candidate is validated (built and
 * its API schema derived, with supergraph validation on) before `update()` swaps it in; a bad one
 * is logged and counted, and the current one keeps serving.
 */
export class SupergraphSource implements SupergraphManager {
  private hash = '';
  private update: SupergraphSdlHookOptions['update'] | null = null;

  constructor(private readonly options: SupergraphSourceOptions) {}

  async initialize({ update }: SupergraphSdlHookOptions): Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }> {
    const { path, url, logger } = this.options;
    let supergraphSdl = readSupergraph(path);
    const poller = url ? pollSupergraphUrl(url, (sdl) => this.offer(sdl, 'url'), (error) => this.unreachable(error)) : null;
    const fromRegistry = await poller?.first;
    if (fromRegistry) supergraphSdl = fromRegistry;
    validate(supergraphSdl);
    this.hash = supergraphHash(supergraphSdl);
    this.update = update;
    this.options.metrics.loaded(this.hash, false);
    const watcher = this.options.watch ? watchSupergraphFile(path, () => this.offer(readSupergraph(path), 'file'), logger) : null;
    logger.info({ hash: this.hash, source: fromRegistry ? url?.href : path, watching: Boolean(watcher), polling: Boolean(poller) }, 'supergraph loaded');
    return {
      supergraphSdl,
      cleanup: async () => {
        watcher?.close();
        poller?.stop();
      },
    };
  }

  /** A candidate supergraph: swapped in when new and valid. */
  private offer(sdl: string, source: 'file' | 'url'): void {
    const hash = supergraphHash(sdl);
    if (hash === this.hash || !this.update) return;
    try {
      validate(sdl);
      this.update(sdl);
    } catch (error) {
      this.options.metrics.failed('invalid');
      this.options.logger.error({ err: error, source, hash, serving: this.hash }, 'supergraph reload refused: the new supergraph is invalid; the current one keeps serving');
      return;
    }
    this.options.logger.info({ source, from: this.hash, to: hash }, 'supergraph reloaded');
    this.hash = hash;
    this.options.metrics.loaded(hash, true);
  }

  private unreachable(error: unknown): void {
    this.options.metrics.failed('unreachable');
    this.options.logger.warn({ err: error, url: this.options.url?.href }, 'supergraph poll failed; the current supergraph keeps serving');
  }
}

/** Throws (with composition's message) unless `sdl` is a supergraph the gateway can serve. */
function validate(sdl: string): void {
  // Before the first parse of this SDL here: its names must enter V8's string table one-byte.
  internOneByteNames(sdl);
  const supergraph = Supergraph.build(sdl, { validateSupergraph: true });
  supergraph.apiSchema().toGraphQLJSSchema();
}
