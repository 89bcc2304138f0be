// The transform's edits, every inserted piece between the markers the runtime's Function.prototype.toString
// strips (@probeprof/runtime/install, source-text.ts): stripped, an instrumented function's text is the original
// byte for byte. Applied here, where text is inserted, so the marking does not depend on what the probes say.

import MagicString from 'magic-string'
import { PROBE_CLOSE, PROBE_OPEN, PROBE_OPEN_AFTER_SLASH } from '@probeprof/runtime/install'

export class MarkedEdits extends MagicString {
  constructor(private readonly source: string) {
    super(source)
  }

  override appendLeft(index: number, content: string): this {
    return super.appendLeft(index, this.marked(index, content))
  }

  override appendRight(index: number, content: string): this {
    return super.appendRight(index, this.marked(index, content))
  }

  override prependLeft(index: number, content: string): this {
    return super.prependLeft(index, this.marked(index, content))
  }

  override prependRight(index: number, content: string): this {
    return super.prependRight(index, this.marked(index, content))
  }

  override append(content: string): this {
    return super.append(this.marked(this.source.length, content))
  }

  /** After a `/` of the source, `/*` would start a line comment: that opening marker begins with a space. */
  private marked(index: number, content: string): string {
    return (this.source[index - 1] === '/' ? PROBE_OPEN_AFTER_SLASH : PROBE_OPEN) + content + PROBE_CLOSE
  }
}
