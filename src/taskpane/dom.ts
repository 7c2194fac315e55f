/**
 * The pane builds its DOM only through this helper: strings always become text nodes,
 * so workbook text (names, messages, decisions) can never be parsed as HTML.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attributes set with setAttribute (values are never interpreted as markup). */
  attrs?: Record<string, string>;
  /** Shorthand for a data-status attribute, which drives the status colours. */
  status?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.status) node.dataset.status = props.status;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  append(node, ...children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (namespaced, so the browser draws it); attribute values are set, never parsed as markup. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children with nodes or text, never with markup. */
export function replace(parent: Element, ...children: Child[]): void {
  replaceWith(parent, children);
}

/** `replace` for a list of any length: a sheet's rows are never spread into one call (the stack would overflow). */
export function replaceWith(parent: Element, children: Iterable<Child>): void {
  parent.replaceChildren();
  const fragment = document.createDocumentFragment();
  for (const child of children) append(fragment, child);
  parent.appendChild(fragment);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`Sidan saknar elementet #${id}.`);
  return node as T;
}
