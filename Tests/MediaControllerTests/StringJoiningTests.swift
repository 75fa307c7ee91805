import Testing

@testable import MediaController

@Suite struct StringJoiningTests {
    @Test(arguments: [[], ["ENABLED"], ["ENABLED", "IMMUTABLE"], ["", "a", ""]] as [[String]])
    func joinsAsTheStandardLibraryDoes(strings: [String]) {
        #expect(strings.joinedBySeparator(",") == strings.joined(separator: ","))
        #expect(strings.joinedBySeparator(" | ") == strings.joined(separator: " | "))
    }
}
