import { Tab, TabList, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { useState, type ReactNode } from "react";

const useStyles = makeStyles({
  tabs: { flexWrap: "wrap", marginLeft: `calc(-1 * ${tokens.spacingHorizontalS})` },
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  // `hidden` alone loses to the panel's display: flex.
  hidden: { display: "none" },
});

export interface SectionDef<K extends string> {
  value: K;
  label: string;
  render: () => ReactNode;
}

export interface SectionTabsProps<K extends string> {
  /** What the tab list is called for screen readers. */
  label: string;
  sections: readonly SectionDef<K>[];
  /** Controlled selection; without it the component keeps its own, starting at the first section. */
  selected?: K;
  onSelect?: (value: K) => void;
  /** Without `selected`: the section shown first (the first one otherwise). */
  initial?: K;
}

/**
 * Sections of a tab behind a small tab list. A section is mounted when first shown and then kept (hidden), so its
 * inputs, its results and a task it runs survive switching to another section.
 */
export function SectionTabs<K extends string>({
  label,
  sections,
  selected,
  onSelect,
  initial,
}: SectionTabsProps<K>) {
  const styles = useStyles();
  const [own, setOwn] = useState<K | undefined>(initial ?? sections[0]?.value);
  const current = selected ?? own;
  const [visited, setVisited] = useState<ReadonlySet<K>>(() => new Set(current ? [current] : []));
  // Derived state: the section being shown has been visited (set while rendering, as React allows for this).
  if (current !== undefined && !visited.has(current)) setVisited(new Set([...visited, current]));
  const select = (value: K) => {
    setOwn(value);
    onSelect?.(value);
  };
  return (
    <>
      <TabList
        className={styles.tabs}
        size="small"
        appearance="subtle"
        aria-label={label}
        selectedValue={current}
        onTabSelect={(_e, d) => select(d.value as K)}
      >
        {sections.map((s) => (
          <Tab key={s.value} value={s.value}>
            {s.label}
          </Tab>
        ))}
      </TabList>
      {sections.map((s) =>
        visited.has(s.value) || s.value === current ? (
          <div
            key={s.value}
            className={mergeClasses(styles.panel, s.value !== current && styles.hidden)}
            role="tabpanel"
            aria-label={s.label}
            hidden={s.value !== current}
          >
            {s.render()}
          </div>
        ) : null,
      )}
    </>
  );
}
