import { Divider } from "@fluentui/react-components";
import { useState } from "react";
import type { Department } from "../../../../functions/src/domain/types";
import type { Selection } from "../actions/actionsState";
import { BulletinSection } from "./BulletinSection";
import { CalendarSection } from "./CalendarSection";
import type { PaneDeps } from "../common/deps";
import { canIssueNotices, hasRole, type MeState } from "../settings/identity";
import { NoticeSection } from "./NoticeSection";
import { ReportSection } from "./ReportSection";
import { SectionTabs } from "../common/SectionTabs";
import { UrgeSection } from "./UrgeSection";
import { VoidNoticeSection } from "./VoidNoticeSection";

export type DocumentSection = "notice" | "report" | "bulletin" | "urge";

export const DOCUMENT_SECTIONS: { value: DocumentSection; label: string }[] = [
  { value: "notice", label: "通知单" },
  { value: "report", label: "报告单" },
  { value: "bulletin", label: "通报" },
  { value: "urge", label: "催办" },
];

export interface DocumentsPanelProps {
  deps: PaneDeps;
  me: MeState;
  departments: readonly Department[];
  /** The selected rows' items (shared with 操作 and 详情). */
  selection: Selection;
  /** Outside Excel nothing here can be written. */
  disabled: boolean;
  section: DocumentSection;
  onSection: (section: DocumentSection) => void;
  deptName: (id: string) => string;
  onRead: () => void;
  /** Notices were issued or voided: the rows changed. */
  onRowsChanged?: () => void;
  now: () => Date;
}

/** 文书: 通知单 (生成, 作废), 报告单, 督办通报 and 催办 (with the 节假日安排 its reminders follow). */
export function DocumentsPanel(props: DocumentsPanelProps) {
  const { deps, me, disabled, now, deptName, onRowsChanged } = props;
  const office = canIssueNotices(me);
  // Notices issued here are offered for 作废 at once.
  const [issued, setIssued] = useState(0);
  const changed = () => {
    setIssued((n) => n + 1);
    onRowsChanged?.();
  };
  return (
    <SectionTabs<DocumentSection>
      label="文书"
      selected={props.section}
      onSelect={props.onSection}
      sections={DOCUMENT_SECTIONS.map((s) => ({
        ...s,
        render: () => {
          switch (s.value) {
            case "notice":
              return (
                <>
                  <NoticeSection deps={deps} disabled={disabled} allowed={office} onIssued={changed} />
                  <Divider />
                  <VoidNoticeSection
                    deps={deps}
                    disabled={disabled}
                    allowed={office}
                    now={now}
                    deptName={deptName}
                    refreshKey={issued}
                    onVoided={onRowsChanged}
                  />
                </>
              );
            case "report":
              return (
                <ReportSection
                  deps={deps}
                  selection={props.selection}
                  disabled={disabled}
                  deptName={deptName}
                  onRead={props.onRead}
                />
              );
            case "bulletin":
              return <BulletinSection deps={deps} disabled={disabled} now={now} />;
            case "urge":
              return (
                <>
                  <UrgeSection deps={deps} departments={props.departments} disabled={disabled} now={now} />
                  <Divider />
                  <CalendarSection deps={deps} canEdit={hasRole(me, "office", "leader")} now={now} />
                </>
              );
          }
        },
      }))}
    />
  );
}
