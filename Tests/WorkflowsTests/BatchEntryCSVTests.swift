import Foundation
import Testing
@testable import Workflows

/// summary.csv opens in spreadsheets: a text cell that starts like a formula must stay text
/// (OWASP CSV injection: prefix a single quote), and numbers must stay numbers.
@Suite struct BatchEntryCSVTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "\"'\rcmd\""),
        ("anna", "anna"),
        ("a=b", "a=b"),
        ("", ""),
    ])
    func textCellsThatLookLikeFormulasAreQuoted(text: String, cell: String) {
        #expect(BatchEntry.csvField(text, isText: true) == cell)
    }

    @Test func numbersAreNeverMangled() {
        #expect(BatchEntry.csvField("-3.2", isText: false) == "-3.2")
        #expect(BatchEntry.csvField("+4", isText: false) == "+4")
    }

    /// A whole row: the athlete (from the file name) and the error are neutralised, the negative
    /// worst lumbar angle is written as the number it is.
    @Test func aRowKeepsNegativeAnglesAndQuotesFormulaText() {
        var entry = BatchEntry(input: BatchInput(path: "/lifts/=cmd_2026-11-20_set1.jsonl"), status: .failed, error: "-bad")
        entry.worstLumbarAngleDeg = -3.2
        entry.worstLumbarFlexionDeg = -0.04
        let cells = entry.csvRow.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = { (name: String) in cells[BatchEntry.csvColumns.firstIndex(of: name)!] }
        #expect(column("athlete") == "'=cmd")
        #expect(column("error") == "'-bad")
        #expect(column("worst_lumbar_angle_deg") == "-3.2")
        #expect(column("worst_lumbar_flexion_deg") == "-0.0")
        #expect(column("input") == "/lifts/=cmd_2026-11-20_set1.jsonl")
    }
}
