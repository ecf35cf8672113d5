import type { Department } from "../../../../functions/src/domain/types";
import { AccountabilitySection } from "./AccountabilitySection";
import type { PaneDeps } from "../common/deps";
import { accountabilityScope, canEditRules, canFinalize, type MeState } from "../settings/identity";
import { MonthlyAssessment } from "./MonthlyAssessment";
import { RulesSection } from "./RulesSection";
import { SectionTabs } from "../common/SectionTabs";
import { YearSummarySection } from "./YearSummary";

export type AssessmentSection = "month" | "rules" | "year" | "accountability";

export const ASSESSMENT_SECTIONS: { value: AssessmentSection; label: string }[] = [
  { value: "month", label: "月度考核" },
  { value: "rules", label: "考核规则" },
  { value: "year", label: "年度汇总" },
  { value: "accountability", label: "问责" },
];

export interface AssessmentPanelProps {
  deps: PaneDeps;
  me: MeState;
  inExcel: boolean;
  now: () => Date;
  initialSection?: AssessmentSection;
  departments?: readonly Department[];
  deptName?: (id: string) => string;
}

/** 考核: 月度考核 (预览, 写入工作表, 定稿), 考核规则 (view, edit), 年度汇总. */
export function AssessmentPanel({
  deps,
  me,
  inExcel,
  now,
  initialSection,
  departments = [],
  deptName = (id) => id,
}: AssessmentPanelProps) {
  const sections = ASSESSMENT_SECTIONS.map((s) => ({
    ...s,
    render: () => {
      switch (s.value) {
        case "month":
          return <MonthlyAssessment deps={deps} leader={canFinalize(me)} inExcel={inExcel} now={now} />;
        case "rules":
          return <RulesSection deps={deps} canEdit={canEditRules(me)} inExcel={inExcel} />;
        case "year":
          return <YearSummarySection deps={deps} inExcel={inExcel} now={now} />;
        case "accountability":
          return (
            <AccountabilitySection
              deps={deps}
              leader={canFinalize(me)}
              inExcel={inExcel}
              departments={departments}
              deptName={deptName}
              now={now}
              scope={accountabilityScope(me)}
            />
          );
      }
    },
  }));
  return (
    <SectionTabs<AssessmentSection>
      label="考核"
      sections={sections}
      {...(initialSection ? { initial: initialSection } : {})}
    />
  );
}
